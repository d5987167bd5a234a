package dev.zerodown.provisioner.deploy;

import dev.zerodown.provisioner.cfn.Elapsed;
import dev.zerodown.provisioner.console.Console;
import dev.zerodown.provisioner.console.Report;
import dev.zerodown.provisioner.environment.Endpoints;
import dev.zerodown.provisioner.environment.StackPart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What deploy or plan did to each stack ("up to date", a final status, "created after …", a plan's summary) and,
 * after a deploy, where the environment answers: the summary both verbs print last, or their JSON document.
 *
 * @param endpoints empty for plan
 */
public record DeployReport(String env, String region, Map<StackPart, String> outcome, Optional<Endpoints> endpoints,
    Duration elapsed) {
  static final String UP_TO_DATE = "up to date";

  /** True when any stack changed (a deploy that changed nothing says "Up to date"). */
  public boolean changed() {
    return outcome.values().stream().anyMatch(o -> !UP_TO_DATE.equals(o));
  }

  /** The report as the console prints it: the summary painted by {@code c}, or the document. */
  public Report painted(Console c) {
    return new Report() {
      @Override
      public List<String> lines() {
        return DeployReport.this.lines(c);
      }

      @Override
      public Map<String, Object> document() {
        return DeployReport.this.document();
      }
    };
  }

  /** The summary lines, painted by {@code c}. */
  public List<String> lines(Console c) {
    if (endpoints.isEmpty()) {
      return List.of("Plan for zerodown-" + env + ": " + String.join(", ",
          outcome.entrySet().stream().map(e -> e.getKey().partName() + " " + e.getValue()).toList()));
    }
    List<String> out = new ArrayList<>();
    out.add("");
    out.add(c.green((changed() ? "Deployed" : "Up to date:") + " zerodown-" + env + " (" + region + ")"
        + (changed() ? " in " + Elapsed.format(elapsed) : "")));
    out.addAll(endpoints.get().lines(c::bold));
    return out;
  }

  /** plan: {@code {"plan": {stack: outcome}}}; deploy: {@code {"stacks": {stack: outcome}, …endpoints}}. */
  public Map<String, Object> document() {
    Map<String, Object> stacks = new LinkedHashMap<>();
    outcome.forEach((p, o) -> stacks.put(p.stackName(env), o));
    Map<String, Object> doc = new LinkedHashMap<>();
    if (endpoints.isEmpty()) {
      doc.put("plan", stacks);
    } else {
      doc.put("stacks", stacks);
      doc.putAll(endpoints.get().json());
    }
    return doc;
  }
}
