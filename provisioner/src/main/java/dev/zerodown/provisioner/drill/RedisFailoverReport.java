package dev.zerodown.provisioner.drill;

import dev.zerodown.provisioner.console.Report;
import static dev.zerodown.provisioner.drill.ReportParts.at;
import static dev.zerodown.provisioner.drill.ReportParts.kindCounts;
import static dev.zerodown.provisioner.drill.ReportParts.kinds;
import static dev.zerodown.provisioner.drill.ReportParts.ms;

import dev.zerodown.provisioner.probe.DurationConverter;
import dev.zerodown.provisioner.probe.Probe;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a redis-failover drill measured, times relative to the TestFailover call: the failed requests and their
 * window, when hello.py was served again, the counter values served more than once (increments the old primary
 * acknowledged that never reached the promoted replica), and when ElastiCache's steps were seen.
 */
public record RedisFailoverReport(RedisFailover.Plan plan, URI url, Duration failoverAt, List<Probe> probes,
    RedisFailover.Steps steps, Optional<String> newPrimary, boolean recovered, Duration timeout, int maxFailed)
    implements Report {

  /** How many values to list in the text report; the JSON document lists them all. */
  static final int LISTED = 10;

  public RedisFailoverReport {
    probes = List.copyOf(probes);
  }

  public FailureWindow window() {
    return FailureWindow.of(probes, failoverAt);
  }

  public List<Probe> failedProbes() {
    return probes.stream().filter(p -> !p.ok()).toList();
  }

  /**
   * When hello.py was served again: the start of the first answered probe after the last failed one after the call;
   * empty when no probe failed after it ({@link #neverStopped()}) or none answered after the last failure.
   */
  public Optional<Duration> servedAgain() {
    List<Probe> sorted = probes.stream().sorted(Comparator.comparing(Probe::startedAt)).toList();
    Probe lastFailed = null;
    for (Probe p : sorted) {
      if (!p.ok() && p.startedAt().compareTo(failoverAt) >= 0) lastFailed = p;
    }
    if (lastFailed == null) return Optional.empty();
    Duration after = lastFailed.startedAt();
    return sorted.stream().filter(p -> p.ok() && p.startedAt().compareTo(after) > 0).findFirst()
        .map(p -> p.startedAt().minus(failoverAt));
  }

  /** True when no request failed after the call. */
  public boolean neverStopped() {
    return window().firstAfterKill().isEmpty();
  }

  /** Each counter value answered more than once, with how many times, in counter order. */
  public Map<Long, Long> servedTwice() {
    Map<Long, Long> counts = probes.stream().filter(Probe::ok).filter(p -> p.counter() != null)
        .collect(Collectors.groupingBy(Probe::counter, TreeMap::new, Collectors.counting()));
    counts.values().removeIf(n -> n < 2);
    return counts;
  }

  /** True when more requests failed than {@code --max-failed} allows (never when it is negative). */
  public boolean tooManyFailures() {
    return maxFailed >= 0 && window().failed() > maxFailed;
  }

  @Override
  public List<String> lines() {
    return text().lines().toList();
  }

  public String text() {
    FailureWindow w = window();
    StringBuilder out = new StringBuilder();
    out.append("drill redis-failover ").append(plan.replicationGroupId()).append(" node group ")
        .append(plan.nodeGroupId()).append(": probed ").append(url).append('\n');
    out.append("  requests       ").append(w.probes()).append(", failed ").append(w.failed());
    if (w.failedBeforeKill() > 0) out.append(" (").append(w.failedBeforeKill()).append(" before the failover)");
    out.append('\n');
    out.append("  503 window     ");
    if (w.firstAfterKill().isPresent()) {
      out.append(at(w.firstAfterKill().get())).append(" … ").append(at(w.lastAfterKill().get()))
          .append(" after TestFailover (").append(DurationConverter.human(w.length())).append("): ")
          .append(kinds(failedProbes()));
    } else {
      out.append("none: no request failed after TestFailover");
    }
    out.append('\n');
    out.append("  served again   ").append(servedAgainText()).append('\n');
    Map<Long, Long> twice = servedTwice();
    out.append("  served twice   ").append(twice.size()).append(twice.size() == 1 ? " value" : " values");
    if (!twice.isEmpty()) {
      out.append(": ").append(twice.keySet().stream().limit(LISTED).map(String::valueOf).collect(Collectors.joining(", ")));
      if (twice.size() > LISTED) out.append(", …");
    }
    out.append('\n');
    out.append("  ElastiCache    ").append(stepsText()).append('\n');
    out.append("  primary        ").append(plan.primary()).append(" → ").append(newPrimary.orElse("not seen"))
        .append('\n');
    if (!recovered) {
      if (!steps.done()) {
        out.append("NOT RECOVERED: ElastiCache did not finish the failover (\"Finished recovery for cache nodes\" and "
            + "status available) within ").append(DurationConverter.human(timeout)).append('\n');
      } else {
        out.append("NOT RECOVERED: ElastiCache finished the failover ").append(at(steps.recoveryFinished().get()))
            .append(" after TestFailover, but hello.py was not served again within ")
            .append(DurationConverter.human(timeout)).append('\n');
      }
    } else if (tooManyFailures()) {
      out.append("FAILED: ").append(w.failed()).append(" requests failed, at most ").append(maxFailed)
          .append(" allowed (--max-failed)\n");
    } else {
      out.append("RECOVERED: hello.py ").append(neverStopped() ? "never stopped serving"
              : "served again " + at(servedAgain().orElseThrow()) + " after TestFailover")
          .append(", ").append(w.failed()).append(w.failed() == 1 ? " request" : " requests").append(" failed, ")
          .append(twice.size()).append(twice.size() == 1 ? " value" : " values").append(" served twice\n");
    }
    return out.toString();
  }

  private String servedAgainText() {
    if (neverStopped()) return "never stopped serving";
    return servedAgain().map(d -> at(d) + " after TestFailover").orElse("not yet: the last request failed");
  }

  private String stepsText() {
    StringBuilder b = new StringBuilder();
    step(b, "TestFailover API called", steps.apiCalled());
    step(b, "failover completed", steps.failedOver());
    step(b, "recovering", steps.recovering());
    step(b, "recovery finished", steps.recoveryFinished());
    step(b, "available", steps.availableAgain());
    return b.toString();
  }

  private static void step(StringBuilder b, String name, Optional<Duration> seen) {
    if (b.length() > 0) b.append(", ");
    b.append(name).append(' ').append(seen.map(ReportParts::at).orElse("not seen"));
  }

  /** Machine report: a map for the JSON writer, times in milliseconds after TestFailover (null when not seen). */
  @Override
  public Map<String, Object> document() {
    FailureWindow w = window();
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("mode", "redis-failover");
    root.put("replicationGroup", plan.replicationGroupId());
    root.put("nodeGroup", plan.nodeGroupId());
    root.put("url", url.toString());
    root.put("recovered", recovered);
    root.put("requests", w.probes());
    root.put("failed", w.failed());
    root.put("failedBeforeFailover", w.failedBeforeKill());
    root.put("firstFailureAfterFailoverMs", ms(w.firstAfterKill()));
    root.put("lastFailureAfterFailoverMs", ms(w.lastAfterKill()));
    root.put("failureWindowMs", w.length().toMillis());
    root.put("failureKinds", kindCounts(failedProbes()));
    root.put("neverStopped", neverStopped());
    root.put("servedAgainAfterMs", ms(servedAgain()));
    root.put("valuesServedTwice", servedTwice().size());
    root.put("servedTwice", servedTwice().keySet().stream().toList());
    root.put("testFailoverApiCalledAfterMs", ms(steps.apiCalled()));
    root.put("failoverCompletedAfterMs", ms(steps.failedOver()));
    root.put("recoveringAfterMs", ms(steps.recovering()));
    root.put("recoveryFinishedAfterMs", ms(steps.recoveryFinished()));
    root.put("availableAfterMs", ms(steps.availableAgain()));
    root.put("oldPrimary", plan.primary());
    root.put("newPrimary", newPrimary.orElse(null));
    root.put("maxFailed", maxFailed);
    return root;
  }
}
