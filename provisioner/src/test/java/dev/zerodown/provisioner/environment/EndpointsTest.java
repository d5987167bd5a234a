package dev.zerodown.provisioner.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What deploy and status print at the end: both name the same web instance in the ssh line. */
class EndpointsTest {
  @Test
  void the_ssh_line_names_the_lowest_web_address_whatever_the_order_the_instances_come_in() {
    Map<StackPart, Map<String, String>> outputs = Map.of(StackPart.BASTION, Map.of("PublicIp", "203.0.113.9"));
    Endpoints a = Endpoints.from("dev", "eu-west-3", outputs, Optional.empty(),
        Arrays.asList("10.0.12.7", null, "10.0.11.4"), true);
    Endpoints b = Endpoints.from("dev", "eu-west-3", outputs, Optional.empty(),
        Arrays.asList("10.0.11.4", "10.0.12.7"), true);
    assertThat(a.ssh()).isEqualTo(b.ssh());
    assertThat(a.ssh()).hasValueSatisfying(line -> assertThat(line).contains("10.0.11.4").doesNotContain("10.0.12.7"));
  }
}
