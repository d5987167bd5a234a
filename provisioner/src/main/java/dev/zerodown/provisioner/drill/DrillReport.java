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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a drill measured: the failed requests around the kill and the time until the fleet served again. */
public record DrillReport(String mode, String victim, String actionId, URI url, Duration killAt, FailureWindow window,
    List<Probe> failedProbes, ReplacementWatch.Outcome outcome, Duration timeout, int maxFailed)
    implements Report {

  public boolean recovered() {
    return outcome.recovered();
  }

  /** True when more requests failed than {@code --max-failed} allows (never when it is negative). */
  public boolean tooManyFailures() {
    return maxFailed >= 0 && window.failed() > maxFailed;
  }

  @Override
  public List<String> lines() {
    return text().lines().toList();
  }

  public String text() {
    StringBuilder out = new StringBuilder();
    out.append("drill ").append(mode).append(' ').append(victim).append(": probed ").append(url).append('\n');
    out.append("  requests     ").append(window.probes()).append(", failed ").append(window.failed());
    if (window.failedBeforeKill() > 0) out.append(" (").append(window.failedBeforeKill()).append(" before the kill)");
    out.append('\n');
    out.append("  failures     ");
    if (window.firstAfterKill().isPresent()) {
      out.append(at(window.firstAfterKill().get())).append(" … ").append(at(window.lastAfterKill().get()))
          .append(" after the kill (").append(DurationConverter.human(window.length())).append("): ")
          .append(kinds(failedProbes));
    } else {
      out.append("none after the kill");
    }
    out.append('\n');
    out.append("  victim out   ").append(outcome.victimOut().map(ReportParts::at).orElse("not seen")).append('\n');
    out.append("  replacement  ").append(outcome.replacement().orElse("none seen"));
    outcome.replacementInService().ifPresent(d -> out.append(", InService ").append(at(d)));
    outcome.replacementHealthy().ifPresent(d -> out.append(", healthy ").append(at(d)));
    out.append('\n');
    if (!recovered()) {
      out.append("NOT RECOVERED: no replacement was InService and healthy within ")
          .append(DurationConverter.human(timeout)).append('\n');
    } else if (tooManyFailures()) {
      out.append("FAILED: ").append(window.failed()).append(window.failed() == 1 ? " request" : " requests")
          .append(" failed, at most ").append(maxFailed)
          .append(" allowed (--max-failed)\n");
    } else {
      out.append("RECOVERED: ").append(outcome.replacement().orElseThrow()).append(" serving ")
          .append(at(outcome.replacementHealthy().orElseThrow())).append(" after the kill, ").append(window.failed())
          .append(window.failed() == 1 ? " request" : " requests").append(" failed\n");
    }
    return out.toString();
  }

  /** Machine report: a map for the JSON writer, times in milliseconds after the kill (null when not seen). */
  @Override
  public Map<String, Object> document() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("mode", mode);
    root.put("victim", victim);
    root.put("actionId", actionId);
    root.put("url", url.toString());
    root.put("recovered", recovered());
    root.put("requests", window.probes());
    root.put("failed", window.failed());
    root.put("failedBeforeKill", window.failedBeforeKill());
    root.put("firstFailureAfterKillMs", ms(window.firstAfterKill()));
    root.put("lastFailureAfterKillMs", ms(window.lastAfterKill()));
    root.put("failureWindowMs", window.length().toMillis());
    root.put("failureKinds", kindCounts(failedProbes));
    root.put("victimOutAfterMs", ms(outcome.victimOut()));
    root.put("replacement", outcome.replacement().orElse(null));
    root.put("replacementInServiceAfterMs", ms(outcome.replacementInService()));
    root.put("replacementHealthyAfterMs", ms(outcome.replacementHealthy()));
    root.put("maxFailed", maxFailed);
    return root;
  }
}
