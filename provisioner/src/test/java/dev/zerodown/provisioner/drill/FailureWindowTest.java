package dev.zerodown.provisioner.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.probe.Probe;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureWindowTest {
  private static Probe ok(long atMs) {
    return new Probe(Duration.ofMillis(atMs), Duration.ofMillis(5), 200, "i-a", atMs, null);
  }

  private static Probe failed(long atMs, long tookMs) {
    return new Probe(Duration.ofMillis(atMs), Duration.ofMillis(tookMs), 502, null, null, "HTTP 502");
  }

  @Test
  void the_window_runs_from_the_start_of_the_first_failure_to_the_end_of_the_last_after_the_kill() {
    FailureWindow w = FailureWindow.of(List.of(ok(0), ok(900), failed(1100, 10), ok(1200), failed(1500, 300), ok(2000)),
        Duration.ofMillis(1000));
    assertThat(w.probes()).isEqualTo(6);
    assertThat(w.failed()).isEqualTo(2);
    assertThat(w.failedBeforeKill()).isZero();
    assertThat(w.firstAfterKill()).hasValue(Duration.ofMillis(100));
    assertThat(w.lastAfterKill()).hasValue(Duration.ofMillis(800));
    assertThat(w.length()).isEqualTo(Duration.ofMillis(700));
  }

  @Test
  void failures_before_the_kill_are_counted_apart_and_stay_out_of_the_window() {
    FailureWindow w = FailureWindow.of(List.of(failed(100, 5), ok(200), failed(1300, 5)), Duration.ofMillis(1000));
    assertThat(w.failed()).isEqualTo(2);
    assertThat(w.failedBeforeKill()).isEqualTo(1);
    assertThat(w.firstAfterKill()).hasValue(Duration.ofMillis(300));
  }

  @Test
  void no_failure_means_an_empty_window() {
    FailureWindow w = FailureWindow.of(List.of(ok(0), ok(100)), Duration.ofMillis(50));
    assertThat(w.firstAfterKill()).isEmpty();
    assertThat(w.length()).isEqualTo(Duration.ZERO);
  }
}
