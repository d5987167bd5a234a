package dev.zerodown.provisioner.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.probe.FakeFleet.Answer;
import dev.zerodown.provisioner.probe.FakeFleet;
import org.junit.jupiter.api.Test;

/** verify through the real command line, against a load balancer stand-in on a real loopback socket. */
class VerifyCommandTest {

  @Test
  void passes_when_two_instances_answer_every_request_with_a_rising_counter() throws Exception {
    try (FakeFleet fleet = FakeFleet.start("i-aaa", "i-bbb")) {
      Cli.Result r = Cli.run("verify", "--url", fleet.url().toString(), "-n", "20", "--interval", "0ms");
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.OK);
      assertThat(fleet.requests()).isEqualTo(20);
      assertThat(r.out())
          .contains(": 20 requests in ")
          .contains("instances  2: i-aaa (10), i-bbb (10)")
          .contains("counter    strictly increasing (1001 → 1020)")
          .contains("errors     0")
          .contains("OK: 2 instances answered");
    }
  }

  @Test
  void fails_when_nothing_answers_and_claims_nothing_about_the_counter() {
    int closed = dev.zerodown.testsupport.FreePort.pick();
    Cli.Result r = Cli.run("verify", "--url", "http://127.0.0.1:" + closed + "/", "-n", "3", "--interval", "0ms");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.VERIFY_FAILED);
    assertThat(r.out())
        .contains("counter    none seen")
        .doesNotContain("strictly increasing")
        .contains("FAILED: 3 of 3 requests failed (connection refused ×3)");
  }

  @Test
  void fails_with_its_exit_code_when_only_one_instance_answers() throws Exception {
    try (FakeFleet fleet = FakeFleet.start("i-aaa")) {
      Cli.Result r = Cli.run("verify", "--url", fleet.url().toString(), "-n", "5", "--interval", "0ms");
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.VERIFY_FAILED);
      assertThat(r.out()).contains("FAILED: only 1 instance answered (i-aaa), at least 2 expected");
    }
  }

  @Test
  void fails_when_any_request_fails_and_names_the_failures() throws Exception {
    try (FakeFleet fleet = FakeFleet.start("i-aaa", "i-bbb", "i-ccc").answer("i-ccc", Answer.BAD_GATEWAY)) {
      Cli.Result r = Cli.run("verify", "--url", fleet.url().toString(), "-n", "9", "--interval", "0ms");
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.VERIFY_FAILED);
      assertThat(r.out())
          .contains("errors     3 (HTTP 502 ×3)")
          .contains("FAILED: 3 of 9 requests failed (HTTP 502 ×3)");
    }
  }

  @Test
  void fails_when_instances_keep_separate_counters() throws Exception {
    try (FakeFleet fleet = FakeFleet.start("i-aaa", "i-bbb")
        .answer("i-aaa", Answer.OWN_COUNTER).answer("i-bbb", Answer.OWN_COUNTER)) {
      Cli.Result r = Cli.run("verify", "--url", fleet.url().toString(), "-n", "4", "--interval", "0ms");
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.VERIFY_FAILED);
      assertThat(r.out()).contains("counter did not rise strictly: counter went from 1 to 1 (i-bbb");
    }
  }

  @Test
  void fails_when_the_time_budget_ends_before_all_requests() throws Exception {
    try (FakeFleet fleet = FakeFleet.start("i-aaa", "i-bbb")) {
      Cli.Result r = Cli.run("verify", "--url", fleet.url().toString(), "-n", "50", "--interval", "100ms",
          "--timeout", "1s");
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.VERIFY_FAILED);
      assertThat(fleet.requests()).isBetween(1, 10);
      assertThat(r.out()).containsPattern("only \\d+ of 50 requests fit in the time budget");
    }
  }

  @Test
  void json_output_is_one_document_on_standard_output() throws Exception {
    try (FakeFleet fleet = FakeFleet.start("i-aaa", "i-bbb")) {
      Cli.Result r = Cli.run("verify", "--url", fleet.url().toString(), "-n", "6", "--interval", "0ms",
          "--output", "json");
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.OK);
      String json = r.out().trim().replaceAll("\\s+", "");
      assertThat(json).startsWith("{").endsWith("}")
          .contains("\"passed\":true", "\"requests\":6", "\"failures\":0",
              "\"instances\":{\"i-aaa\":3,\"i-bbb\":3}", "\"distinctInstances\":2",
              "\"counterStrictlyIncreasing\":true", "\"p99Ms\":", "\"problems\":[]");
    }
  }

  @Test
  void a_bad_url_is_a_one_line_usage_error() {
    Cli.Result r = Cli.run("verify", "--url", "ftp://127.0.0.1/x");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).isEqualTo("error: --url must be an http(s) URL such as http://127.0.0.1:8080/: ftp://127.0.0.1/x\n");
  }

  @Test
  void a_zero_request_count_is_a_usage_error() {
    Cli.Result r = Cli.run("verify", "--url", "http://127.0.0.1:1/", "-n", "0");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--requests must be 1-100000: 0");
  }

  @Test
  void a_bad_duration_says_how_to_write_one() {
    Cli.Result r = Cli.run("verify", "--url", "http://127.0.0.1:1/", "--timeout", "soon");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("'soon' is not a duration: use e.g. 250ms, 5s, 2m or 2h");
  }
}
