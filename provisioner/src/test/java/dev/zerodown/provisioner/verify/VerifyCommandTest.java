package dev.zerodown.provisioner.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.probe.FakeFleet;
import dev.zerodown.provisioner.probe.FakeFleet.Answer;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** verify against a load balancer stand-in on a real loopback socket (round robin, hello.py pages). */
class VerifyCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int verify(String... args) {
    CommandLine cl = new CommandLine(new VerifyCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void passes_when_two_instances_answer_every_request_with_a_rising_counter() throws Exception {
    try (FakeFleet fleet = FakeFleet.start("i-aaa", "i-bbb")) {
      int code = verify("--url", fleet.url().toString(), "-n", "20", "--interval", "0ms");
      assertThat(code).isZero();
      assertThat(fleet.requests()).isEqualTo(20);
      assertThat(out.toString())
          .contains(": 20 requests in ")
          .contains("instances  2: i-aaa (10), i-bbb (10)")
          .contains("counter    strictly increasing (1001 → 1020)")
          .contains("errors     0")
          .contains("OK: 2 instances answered");
    }
  }

  @Test
  void fails_with_its_exit_code_when_only_one_instance_answers() throws Exception {
    try (FakeFleet fleet = FakeFleet.start("i-aaa")) {
      int code = verify("--url", fleet.url().toString(), "-n", "5", "--interval", "0ms");
      assertThat(code).isEqualTo(VerifyCommand.VERIFY_FAILED);
      assertThat(out.toString()).contains("FAILED: only 1 instance answered (i-aaa), at least 2 expected");
    }
  }

  @Test
  void fails_when_any_request_fails_and_names_the_failures() throws Exception {
    try (FakeFleet fleet = FakeFleet.start("i-aaa", "i-bbb", "i-ccc").answer("i-ccc", Answer.BAD_GATEWAY)) {
      int code = verify("--url", fleet.url().toString(), "-n", "9", "--interval", "0ms");
      assertThat(code).isEqualTo(VerifyCommand.VERIFY_FAILED);
      assertThat(out.toString())
          .contains("errors     3 (HTTP 502 ×3)")
          .contains("FAILED: 3 of 9 requests failed (HTTP 502 ×3)");
    }
  }

  @Test
  void fails_when_instances_keep_separate_counters() throws Exception {
    try (FakeFleet fleet = FakeFleet.start("i-aaa", "i-bbb")
        .answer("i-aaa", Answer.OWN_COUNTER).answer("i-bbb", Answer.OWN_COUNTER)) {
      int code = verify("--url", fleet.url().toString(), "-n", "4", "--interval", "0ms");
      assertThat(code).isEqualTo(VerifyCommand.VERIFY_FAILED);
      assertThat(out.toString()).contains("counter did not rise strictly: counter went from 1 to 1 (i-bbb");
    }
  }

  @Test
  void fails_when_the_time_budget_ends_before_all_requests() throws Exception {
    try (FakeFleet fleet = FakeFleet.start("i-aaa", "i-bbb")) {
      int code = verify("--url", fleet.url().toString(), "-n", "50", "--interval", "100ms", "--timeout", "1s");
      assertThat(code).isEqualTo(VerifyCommand.VERIFY_FAILED);
      assertThat(fleet.requests()).isBetween(1, 10);
      assertThat(out.toString()).containsPattern("only \\d+ of 50 requests fit in the time budget");
    }
  }

  @Test
  void json_output_carries_the_figures() throws Exception {
    try (FakeFleet fleet = FakeFleet.start("i-aaa", "i-bbb")) {
      int code = verify("--url", fleet.url().toString(), "-n", "6", "--interval", "0ms", "--output", "json");
      assertThat(code).isZero();
      String json = out.toString().trim();
      assertThat(json).startsWith("{").endsWith("}")
          .contains("\"passed\":true", "\"requests\":6", "\"failures\":0",
              "\"instances\":{\"i-aaa\":3,\"i-bbb\":3}", "\"distinctInstances\":2",
              "\"counterStrictlyIncreasing\":true", "\"p99Ms\":", "\"problems\":[]");
    }
  }
}
