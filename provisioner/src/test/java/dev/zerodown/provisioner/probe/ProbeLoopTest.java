package dev.zerodown.provisioner.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProbeLoopTest {

  @Test
  void sends_exactly_the_requested_count_one_at_a_time() throws Exception {
    try (FakeFleet fleet = FakeFleet.start("i-aaa", "i-bbb")) {
      List<Probe> seen = new ArrayList<>();
      List<Probe> probes = new ProbeLoop(new Prober(fleet.url(), Duration.ofSeconds(5)), Duration.ZERO,
          Timeline.startingNow()).run(20, Duration.ofSeconds(60), () -> false, seen::add);
      assertThat(probes).hasSize(20).isEqualTo(seen);
      assertThat(fleet.requests()).isEqualTo(20);
      assertThat(probes).extracting(Probe::counter).isSorted().doesNotHaveDuplicates();
    }
  }

  @Test
  void spaces_requests_by_the_interval() throws Exception {
    try (FakeFleet fleet = FakeFleet.start("i-aaa")) {
      List<Probe> probes = new ProbeLoop(new Prober(fleet.url(), Duration.ofSeconds(5)), Duration.ofMillis(50),
          Timeline.startingNow()).run(5, Duration.ofSeconds(60), () -> false, p -> {});
      for (int i = 1; i < probes.size(); i++) {
        assertThat(probes.get(i).startedAt().minus(probes.get(i - 1).startedAt()))
            .isGreaterThanOrEqualTo(Duration.ofMillis(50));
      }
    }
  }

  @Test
  void stops_starting_requests_when_the_budget_is_spent() throws Exception {
    try (FakeFleet fleet = FakeFleet.start("i-aaa")) {
      List<Probe> probes = new ProbeLoop(new Prober(fleet.url(), Duration.ofSeconds(5)), Duration.ofMillis(100),
          Timeline.startingNow()).run(1000, Duration.ofMillis(350), () -> false, p -> {});
      assertThat(probes.size()).isBetween(1, 4);
      assertThat(probes.get(probes.size() - 1).startedAt()).isLessThan(Duration.ofMillis(350));
    }
  }

  @Test
  void stops_when_asked() throws Exception {
    try (FakeFleet fleet = FakeFleet.start("i-aaa")) {
      AtomicInteger n = new AtomicInteger();
      List<Probe> probes = new ProbeLoop(new Prober(fleet.url(), Duration.ofSeconds(5)), Duration.ZERO,
          Timeline.startingNow()).run(1000, Duration.ofSeconds(60), () -> n.get() >= 7, p -> n.incrementAndGet());
      assertThat(probes).hasSize(7);
    }
  }
}
