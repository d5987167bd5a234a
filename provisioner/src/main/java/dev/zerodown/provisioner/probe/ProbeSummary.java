package dev.zerodown.provisioner.probe;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a sequence of probes showed: how many answered, which instances answered how often, whether the
 * counter rose strictly from one answer to the next, the failures, and the latency of the good answers.
 */
public record ProbeSummary(int requests, int failures, Map<String, Integer> instances,
    boolean counterStrictlyIncreasing, Optional<String> counterViolation, Latency latency,
    List<Probe> failed, Duration elapsed, List<Probe> probes) {

  public static ProbeSummary of(List<Probe> probes) {
    Map<String, Integer> instances = new LinkedHashMap<>();
    Long previous = null;
    String violation = null;
    List<Probe> failed = probes.stream().filter(p -> !p.ok()).toList();
    for (Probe p : probes) {
      if (!p.ok()) continue;
      instances.merge(p.instanceId(), 1, Integer::sum);
      if (previous != null && p.counter() <= previous && violation == null) {
        violation = "counter went from " + previous + " to " + p.counter() + " (" + p.instanceId()
            + " at " + p.startedAt().toMillis() + " ms)";
      }
      previous = p.counter();
    }
    Duration elapsed = probes.isEmpty() ? Duration.ZERO
        : probes.get(probes.size() - 1).startedAt().plus(probes.get(probes.size() - 1).latency())
            .minus(probes.get(0).startedAt());
    return new ProbeSummary(probes.size(), failed.size(), Collections.unmodifiableMap(instances),
        violation == null, Optional.ofNullable(violation),
        Latency.of(probes.stream().filter(Probe::ok).map(Probe::latency).toList()), failed, elapsed,
        List.copyOf(probes));
  }

  /** The counter of the first and of the last good answer, when there was one. */
  public Optional<long[]> counterRange() {
    List<Probe> ok = probes.stream().filter(Probe::ok).toList();
    if (ok.isEmpty()) return Optional.empty();
    return Optional.of(new long[] {ok.get(0).counter(), ok.get(ok.size() - 1).counter()});
  }

  public int distinctInstances() {
    return instances.size();
  }
}
