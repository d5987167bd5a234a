package dev.zerodown.provisioner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.Cli.Result;
import org.junit.jupiter.api.Test;

/** verify and drill share the probe options (one mixin) but probe for different lengths of time. */
class ProbeOptionsTest {
  @Test
  void verify_probes_every_100ms_for_at_most_a_minute_by_default() {
    Result r = Cli.run("verify", "--help");
    assertThat(r.out().replaceAll("\\s+", " "))
        .contains("--interval=DURATION Time between the starts of two requests (default: 100ms).")
        .contains("--request-timeout=DURATION Time budget for one request (default: 5s).")
        .contains("--timeout=DURATION Time budget for the whole run (default: 60s).");
  }

  @Test
  void drill_probes_every_200ms_for_at_most_15_minutes_by_default() {
    Result r = Cli.run("drill", "--help");
    assertThat(r.out().replaceAll("\\s+", " "))
        .contains("--interval=DURATION Time between the starts of two requests (default: 200ms).")
        .contains("--request-timeout=DURATION Time budget for one request (default: 5s).")
        .contains("--timeout=DURATION Time budget for the whole run (default: 15m).");
  }

  @Test
  void a_bad_probe_duration_is_refused_with_the_one_duration_grammar() {
    Result r = Cli.run("verify", "--url", "http://127.0.0.1:1/", "--interval", "fast");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("'fast' is not a duration: use e.g. 250ms, 5s, 2m or 2h");
  }
}
