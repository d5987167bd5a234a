package dev.zerodown.provisioner.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeSummaryTest {

  private static Probe ok(long atMs, String id, long counter) {
    return Probe.answered(Duration.ofMillis(atMs), Duration.ofMillis(2), 200, id, counter);
  }

  @Test
  void counts_answers_per_instance_in_order_of_first_answer() {
    ProbeSummary s = ProbeSummary.of(List.of(ok(0, "i-b", 1), ok(10, "i-a", 2), ok(20, "i-b", 3)));
    assertThat(s.instances()).containsExactly(java.util.Map.entry("i-b", 2), java.util.Map.entry("i-a", 1));
    assertThat(s.counterStrictlyIncreasing()).isTrue();
    assertThat(s.counterRange()).hasValueSatisfying(r -> assertThat(r).containsExactly(1, 3));
  }

  @Test
  void a_repeated_counter_is_a_violation_naming_both_values() {
    ProbeSummary s = ProbeSummary.of(List.of(ok(0, "i-a", 5), ok(10, "i-b", 5)));
    assertThat(s.counterStrictlyIncreasing()).isFalse();
    assertThat(s.counterViolation()).hasValue("counter went from 5 to 5 (i-b at 10 ms)");
  }

  @Test
  void failures_are_counted_and_left_out_of_latency_and_counter() {
    Probe failed = Probe.failed(Duration.ofMillis(5), Duration.ofSeconds(5), 0, "timed out after 5 s");
    ProbeSummary s = ProbeSummary.of(List.of(ok(0, "i-a", 1), failed, ok(5010, "i-b", 2)));
    assertThat(s.failures()).isEqualTo(1);
    assertThat(s.latency().max()).isEqualTo(Duration.ofMillis(2));
    assertThat(s.counterStrictlyIncreasing()).isTrue();
    assertThat(s.elapsed()).isEqualTo(Duration.ofMillis(5012));
  }
}
