package dev.zerodown.provisioner.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Nearest-rank percentiles of a set of latencies; all zero when the set is empty. */
public record Latency(int samples, Duration p50, Duration p90, Duration p99, Duration max) {

  public static Latency of(Collection<Duration> latencies) {
    if (latencies.isEmpty()) {
      return new Latency(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }
    List<Duration> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    return new Latency(sorted.size(), rank(sorted, 50), rank(sorted, 90), rank(sorted, 99),
        sorted.get(sorted.size() - 1));
  }

  /** The smallest value with at least {@code percent} % of the samples at or below it. */
  static Duration rank(List<Duration> sorted, int percent) {
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }
}
