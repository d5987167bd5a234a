package dev.zerodown.provisioner.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VerdictTest {

  @ParameterizedTest(name = "{0}/{1}/{2} -> {3}")
  @CsvSource(nullValues = "NULL", value = {
      "InService, Healthy, healthy, SERVING",
      "InService, Healthy, initial, STARTING",
      "Pending, Healthy, NULL, STARTING",
      "Pending:Wait, Healthy, NULL, STARTING",
      "InService, Healthy, draining, DRAINING",
      "Terminating, Healthy, draining, LEAVING",
      "Terminating:Wait, Unhealthy, NULL, LEAVING",
      "Detaching, Healthy, healthy, LEAVING",
      "InService, Healthy, unhealthy, UNHEALTHY",
      "InService, Unhealthy, healthy, UNHEALTHY",
      "InService, Healthy, NULL, IDLE",
      "InService, Healthy, unused, IDLE",
      "Standby, Healthy, unused, IDLE",
  })
  void classifies_lifecycle_and_health(String lifecycle, String asgHealth, String target, Verdict expected) {
    assertThat(Verdict.classify(lifecycle, asgHealth, target)).isEqualTo(expected);
  }

  @Test
  void digest_is_read_from_the_bootstrap_env_in_user_data() {
    String sha = "4908cbac836bc525983bfdd7d1fd40487edce7377a2d2934b191f31e892472da";
    assertThat(LaunchedDigest.in("#!/bin/bash\ncat > /etc/zerodown/bootstrap.env <<'X'\nARTIFACT_SHA256=" + sha + "\nX\n"))
        .isEqualTo(sha);
    assertThat(LaunchedDigest.in("#!/bin/bash\necho no digest\n")).isNull();
  }
}
