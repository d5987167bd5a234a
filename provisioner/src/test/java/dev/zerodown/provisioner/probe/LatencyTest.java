package dev.zerodown.provisioner.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyTest {

  @Test
  void percentiles_use_the_nearest_rank_of_one_hundred_samples() {
    List<Duration> samples = new ArrayList<>();
    for (int i = 1; i <= 100; i++) samples.add(Duration.ofMillis(i));
    Collections.shuffle(samples);
    Latency l = Latency.of(samples);
    assertThat(l.p50()).isEqualTo(Duration.ofMillis(50));
    assertThat(l.p90()).isEqualTo(Duration.ofMillis(90));
    assertThat(l.p99()).isEqualTo(Duration.ofMillis(99));
    assertThat(l.max()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void a_single_sample_is_every_percentile() {
    Latency l = Latency.of(List.of(Duration.ofMillis(7)));
    assertThat(List.of(l.p50(), l.p90(), l.p99(), l.max())).containsOnly(Duration.ofMillis(7));
  }

  @Test
  void no_samples_give_zero() {
    assertThat(Latency.of(List.of()).samples()).isZero();
    assertThat(Latency.of(List.of()).max()).isEqualTo(Duration.ZERO);
  }
}
