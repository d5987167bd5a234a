package dev.zerodown.provisioner.drill;

import dev.zerodown.provisioner.probe.Probe;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where the failed probes of a drill lie relative to the kill: how many failed before and after it, and
 * the span from the start of the first failed request after the kill to the end of the last one.
 */
public record FailureWindow(int probes, int failed, int failedBeforeKill, Optional<Duration> firstAfterKill,
    Optional<Duration> lastAfterKill) {

  public static FailureWindow of(List<Probe> probes, Duration killAt) {
    int failed = 0;
    int before = 0;
    Duration first = null;
    Duration last = null;
    for (Probe p : probes) {
      if (p.ok()) continue;
      failed++;
      if (p.startedAt().compareTo(killAt) < 0) {
        before++;
        continue;
      }
      Duration start = p.startedAt().minus(killAt);
      Duration end = start.plus(p.latency());
      if (first == null) first = start;
      if (last == null || end.compareTo(last) > 0) last = end;
    }
    return new FailureWindow(probes.size(), failed, before, Optional.ofNullable(first), Optional.ofNullable(last));
  }

  /** Length of the window, zero when nothing failed after the kill. */
  public Duration length() {
    return firstAfterKill.isPresent() ? lastAfterKill.get().minus(firstAfterKill.get()) : Duration.ZERO;
  }
}
