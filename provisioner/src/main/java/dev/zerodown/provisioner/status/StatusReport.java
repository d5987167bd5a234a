package dev.zerodown.provisioner.status;

import dev.zerodown.provisioner.aws.AutoScalingGateway.Activity;
import dev.zerodown.provisioner.aws.AutoScalingGateway.Group;
import dev.zerodown.provisioner.aws.LoadBalancingGateway.TargetHealth;
import dev.zerodown.provisioner.cfn.DriftDetection;
import dev.zerodown.provisioner.cfn.ResourceDrift;
import dev.zerodown.provisioner.cfn.StackDeployer;
import dev.zerodown.provisioner.cfn.StackInfo;
import dev.zerodown.provisioner.console.Console;
import dev.zerodown.provisioner.console.Report;
import dev.zerodown.provisioner.environment.Endpoints;
import dev.zerodown.provisioner.environment.StackPart;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What status read of one environment, as text lines (painted by the console) or one JSON document. {@code stacks}
 * holds every part in {@link StackPart} order, empty where the stack is not deployed; {@code activities} is empty
 * without a web group.
 */
public record StatusReport(String env, String region, Map<StackPart, Optional<StackInfo>> stacks, Optional<Group> web,
    List<InstanceRow> webRows, Optional<Group> bastion, List<InstanceRow> bastionRows, Map<String, TargetHealth> targets,
    Optional<List<Activity>> activities, List<TierImage> images, Endpoints endpoints) {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  /** One web or bastion instance as status shows it. */
  public record InstanceRow(String id, String zone, String lifecycle, String health, String target, Verdict verdict,
      String privateIp, String agentSha256) {}

  /** One tier's pinned AMI and what its image parameter names now (empty when that cannot be read). */
  public record TierImage(String tier, String ami, String parameter, Optional<String> latest) {
    public boolean newer() {
      return latest.isPresent() && !latest.get().equals(ami);
    }
  }

  /** Whether any stack of the environment exists. */
  public boolean deployed() {
    return stacks.values().stream().anyMatch(Optional::isPresent);
  }

  /**
   * Each stack left in a *_FAILED status with the command that gets it out ({@code command} turns a verb into the
   * command line to run), joined with "; "; empty when none is.
   */
  public Optional<String> failure(Function<String, String> command) {
    List<String> failed = stacks.values().stream().flatMap(Optional::stream).filter(i -> i.status().endsWith("_FAILED"))
        .map(i -> i.name() + " is " + i.status() + ": " + StackDeployer.wayOut(i.name(), i.status(), command)).toList();
    return failed.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", failed));
  }

  /** This report as the console prints it: {@link #lines(Console, Function)} painted by {@code c}, or the document. */
  public Report painted(Console c, Function<String, String> command) {
    return new Report() {
      @Override
      public List<String> lines() {
        return StatusReport.this.lines(c, command);
      }

      @Override
      public Map<String, Object> document() {
        return StatusReport.this.document();
      }
    };
  }

  /** The text status prints, line by line, painted by {@code c}; {@code command} as for {@link #failure}. */
  public List<String> lines(Console c, Function<String, String> command) {
    List<String> out = new ArrayList<>();
    out.add(c.bold("zerodown-" + env) + " (" + region + ")");
    out.add("Stacks");
    int width = stacks.keySet().stream().mapToInt(p -> p.stackName(env).length()).max().orElse(0);
    stacks.forEach((p, s) -> out.add("  " + String.format("%-" + width + "s", p.stackName(env)) + "  "
        + s.map(i -> paint(c, i.status()) + (i.lastChanged() == null ? "" : "  " + TIME.format(i.lastChanged())))
            .orElse(c.dim("not deployed"))));
    if (!deployed()) {
      out.add("Nothing deployed for environment " + env + ": run " + command.apply("deploy"));
      return out;
    }
    out.add("Outputs");
    stacks.forEach((p, s) -> s.ifPresent(i -> i.outputs().forEach((k, v) -> out.add("  " + p.partName() + "." + k + " = " + v))));
    web.ifPresent(g -> group(out, c, "Web instances", g, webRows));
    activities.ifPresent(list -> {
      out.add("Recent scaling activities (newest first; scale shows the policies)");
      if (list.isEmpty()) out.add("  " + c.dim("none"));
      for (Activity a : list) {
        out.add("  " + (a.start() == null ? "?" : TIME.format(a.start())) + "  " + a.status() + "  " + a.description());
        if (a.cause() != null && !a.cause().isBlank()) out.add("      " + c.dim("cause: " + a.cause()));
      }
    });
    targets.keySet().stream().filter(id -> webRows.stream().noneMatch(r -> r.id().equals(id)))
        .forEach(id -> out.add("  " + id + "  (registered, not in the ASG)  target " + targets.get(id).state()));
    bastion.ifPresent(g -> group(out, c, "Bastion", g, bastionRows));
    if (!images.isEmpty()) {
      out.add("Images (pinned; deploy --update-ami moves them)");
      for (TierImage i : images) {
        out.add("  " + String.format("%-8s", i.tier()) + i.ami() + "  " + (i.latest().isEmpty()
            ? c.dim("cannot read " + i.parameter())
            : i.newer() ? c.yellow("newer: " + i.latest().get() + " (" + i.parameter() + ")")
                : "current (" + i.parameter() + ")"));
      }
    }
    List<String> endpointLines = endpoints.lines(c::bold);
    if (!endpointLines.isEmpty()) {
      out.add("Endpoints");
      out.addAll(endpointLines);
    }
    return out;
  }

  /** The --output json document: env, stacks, web (with its activities), bastion, targets, endpoints, images. */
  public Map<String, Object> document() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("env", env);
    Map<String, Object> st = new LinkedHashMap<>();
    stacks.forEach((p, s) -> {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("status", s.map(StackInfo::status).orElse("NOT_DEPLOYED"));
      one.put("outputs", s.map(StackInfo::outputs).orElse(Map.of()));
      st.put(p.stackName(env), one);
    });
    doc.put("stacks", st);
    Map<String, Object> webDoc = groupJson(web, webRows);
    if (webDoc != null) webDoc.put("activities", activities.orElse(List.of()).stream().map(StatusReport::activityJson).toList());
    doc.put("web", webDoc);
    doc.put("bastion", groupJson(bastion, bastionRows));
    Map<String, Object> t = new LinkedHashMap<>();
    targets.forEach((id, h) -> t.put(id, h.state()));
    doc.put("targets", t);
    doc.put("endpoints", endpoints.json());
    Map<String, Object> im = new LinkedHashMap<>();
    for (TierImage i : images) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("ami", i.ami());
      one.put("parameter", i.parameter());
      one.put("latest", i.latest().orElse(null));
      one.put("newer", i.newer());
      im.put(i.tier(), one);
    }
    doc.put("images", im);
    return doc;
  }

  /** The heading --drift's lines follow (printed before the first detection starts). */
  public static final String DRIFT_TITLE = "Drift (changes made outside CloudFormation)";

  /** One stack's drift: its drift status (DRIFTED painted), why the detection failed, or that it still runs. */
  public static String driftLine(Console c, Drift.StackDrift d) {
    DriftDetection s = d.detection();
    if (s.running()) return "  " + d.stack() + "  " + c.dim("drift detection still running after " + Drift.LIMIT.toMinutes() + "m");
    return "  " + d.stack() + "  " + (s.drifted() ? c.yellow(s.stackDrift()) : String.valueOf(s.stackDrift()))
        + (s.failed() ? " (detection failed: " + s.reason() + ")" : "");
  }

  /** A drifted resource under its stack's line: id, type, MODIFIED or DELETED, then each property that differs. */
  public static String driftResourceLine(ResourceDrift r) {
    StringBuilder sb = new StringBuilder("    " + r.logicalId() + " (" + r.type() + ") " + r.status());
    for (ResourceDrift.Difference p : r.differences()) {
      sb.append("; ").append(p.path()).append(": ").append(p.expected()).append(" -> ").append(p.actual());
    }
    return sb.toString();
  }

  private static void group(List<String> out, Console c, String title, Group g, List<InstanceRow> rows) {
    long inService = rows.stream().filter(r -> "InService".equals(r.lifecycle())).count();
    out.add(title + " (ASG " + g.name() + ": min " + g.min() + ", max " + g.max() + ", desired " + g.desired() + ", "
        + inService + " in service)");
    for (InstanceRow r : rows) {
      String verdict = switch (r.verdict()) {
        case SERVING -> c.green(r.verdict().name());
        case STARTING, DRAINING, IDLE -> c.yellow(r.verdict().name());
        default -> c.red(r.verdict().name());
      };
      out.add("  " + r.id() + "  " + r.zone() + "  " + r.lifecycle() + "/" + r.health()
          + (r.target() == null ? "" : "  target " + r.target()) + "  " + verdict
          + (r.privateIp() == null ? "" : "  " + r.privateIp())
          + (r.agentSha256() == null ? "" : "  agent " + r.agentSha256().substring(0, 12)));
    }
  }

  private static String paint(Console c, String status) {
    if (status.endsWith("_FAILED") || status.contains("ROLLBACK")) return c.red(status);
    if (status.endsWith("_IN_PROGRESS")) return c.yellow(status);
    return c.green(status);
  }

  private static Map<String, Object> activityJson(Activity a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("start", a.start() == null ? null : a.start().toString());
    m.put("end", a.end() == null ? null : a.end().toString());
    m.put("status", a.status());
    m.put("description", a.description());
    m.put("cause", a.cause());
    return m;
  }

  private static Map<String, Object> groupJson(Optional<Group> group, List<InstanceRow> rows) {
    if (group.isEmpty()) return null;
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("name", group.get().name());
    g.put("desired", group.get().desired());
    g.put("min", group.get().min());
    g.put("max", group.get().max());
    List<Object> list = new ArrayList<>();
    for (InstanceRow r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", r.id());
      m.put("zone", r.zone());
      m.put("lifecycle", r.lifecycle());
      m.put("health", r.health());
      m.put("target", r.target());
      m.put("verdict", r.verdict().name());
      m.put("privateIp", r.privateIp());
      m.put("agentSha256", r.agentSha256());
      list.add(m);
    }
    g.put("instances", list);
    return g;
  }
}
