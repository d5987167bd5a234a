package dev.zerodown.provisioner.verify;

import dev.zerodown.provisioner.console.Report;
import dev.zerodown.provisioner.text.Words;
import dev.zerodown.provisioner.probe.DurationConverter;
import dev.zerodown.provisioner.probe.Probe;
import dev.zerodown.provisioner.probe.ProbeSummary;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The outcome of a verify run: the probe summary and every reason it does not prove the fleet healthy. */
public record VerifyResult(URI url, int requested, int minInstances, ProbeSummary summary, List<String> problems)
    implements Report {

  static VerifyResult judge(URI url, int requested, int minInstances, ProbeSummary s) {
    List<String> problems = new ArrayList<>();
    if (s.requests() < requested) {
      problems.add("only " + s.requests() + " of " + Words.count(requested, "request")
          + " fit in the time budget");
    }
    if (s.failures() > 0) {
      problems.add(s.failures() + " of " + Words.count(s.requests(), "request") + " failed ("
          + failureKinds(s.failed()) + ")");
    }
    if (s.distinctInstances() < minInstances) {
      problems.add(s.distinctInstances() == 1
          ? "only 1 instance answered (" + s.instances().keySet().iterator().next() + "), at least "
              + minInstances + " expected"
          : s.distinctInstances() + " instances answered, at least " + minInstances + " expected");
    }
    s.counterViolation().ifPresent(v -> problems.add("counter did not rise strictly: " + v));
    return new VerifyResult(url, requested, minInstances, s, List.copyOf(problems));
  }

  public boolean passed() {
    return problems.isEmpty();
  }

  /** Failure reasons with their counts, most frequent first: {@code HTTP 502 ×3, connection refused ×1}. */
  static String failureKinds(List<Probe> failed) {
    Map<String, Long> counts = failed.stream()
        .collect(Collectors.groupingBy(Probe::error, TreeMap::new, Collectors.counting()));
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .map(e -> e.getKey() + " ×" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  /** Human report, one fact per line, verdict last. */
  @Override
  public List<String> lines() {
    return text().lines().toList();
  }

  public String text() {
    ProbeSummary s = summary;
    StringBuilder out = new StringBuilder();
    out.append("verify ").append(url).append(": ").append(s.requests()).append(s.requests() == 1 ? " request in " : " requests in ")
        .append(DurationConverter.human(s.elapsed())).append('\n');
    out.append("  instances  ").append(s.distinctInstances());
    if (!s.instances().isEmpty()) {
      out.append(": ").append(s.instances().entrySet().stream()
          .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", ")));
    }
    out.append('\n');
    out.append("  counter    ");
    if (s.counterRange().isEmpty()) {
      out.append("none seen (no hello.py answer carried a counter)");
    } else {
      out.append(s.counterStrictlyIncreasing() ? "strictly increasing" : "NOT strictly increasing");
      s.counterRange().ifPresent(r -> out.append(" (").append(r[0]).append(" → ").append(r[1]).append(')'));
    }
    out.append('\n');
    out.append("  errors     ").append(s.failures());
    if (s.failures() > 0) out.append(" (").append(failureKinds(s.failed())).append(')');
    out.append('\n');
    out.append("  latency    p50 ").append(ms(s.latency().p50())).append("  p90 ").append(ms(s.latency().p90()))
        .append("  p99 ").append(ms(s.latency().p99())).append("  max ").append(ms(s.latency().max())).append('\n');
    if (passed()) {
      out.append("OK: ").append(s.distinctInstances()).append(s.distinctInstances() == 1 ? " instance" : " instances")
          .append(" answered, no request failed, the counter rose on every answer\n");
    } else {
      out.append("FAILED: ").append(String.join("; ", problems)).append('\n');
    }
    return out.toString();
  }

  /** Machine report: a map for the JSON writer, durations in milliseconds. */
  @Override
  public Map<String, Object> document() {
    ProbeSummary s = summary;
    Map<String, Object> latency = new LinkedHashMap<>();
    latency.put("p50Ms", millis(s.latency().p50()));
    latency.put("p90Ms", millis(s.latency().p90()));
    latency.put("p99Ms", millis(s.latency().p99()));
    latency.put("maxMs", millis(s.latency().max()));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("url", url.toString());
    root.put("passed", passed());
    root.put("requested", requested);
    root.put("requests", s.requests());
    root.put("failures", s.failures());
    root.put("instances", s.instances());
    root.put("distinctInstances", s.distinctInstances());
    root.put("counterStrictlyIncreasing", s.counterStrictlyIncreasing());
    root.put("latency", latency);
    root.put("elapsedMs", millis(s.elapsed()));
    root.put("problems", problems);
    return root;
  }

  static double millis(java.time.Duration d) {
    return Math.round(d.toNanos() / 10_000.0) / 100.0;
  }

  private static String ms(java.time.Duration d) {
    return DurationConverter.human(d);
  }
}
