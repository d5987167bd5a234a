package dev.zerodown.provisioner.scale;

import dev.zerodown.provisioner.aws.AutoScalingGateway.Activity;
import dev.zerodown.provisioner.aws.AutoScalingGateway.Policy;
import dev.zerodown.provisioner.console.Report;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code scale} shows: the web group's sizes, its scaling policies with their targets, its latest scaling
 * activities with their causes, and the size change it made (if any). {@code declared}: the targets the web stack's
 * parameters ask for, shown when Auto Scaling reports no policy (an emulator creates none).
 */
public record ScaleReport(String stack, String group, int min, int max, int desired, long inService,
    List<Policy> policies, List<Activity> activities, Map<String, String> declared, Optional<Change> change)
    implements Report {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  /** A size change: from the deployed sizes to the new ones, and the web stack's status after it (null: none made). */
  public record Change(int fromMin, int fromMax, int toMin, int toMax, String status) {
    public boolean made() {
      return status != null;
    }
  }

  public ScaleReport {
    policies = List.copyOf(policies);
    activities = List.copyOf(activities);
    declared = Map.copyOf(declared);
  }

  public ScaleReport with(Change c) {
    return new ScaleReport(stack, group, min, max, desired, inService, policies, activities, declared, Optional.of(c));
  }

  @Override
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    change.ifPresent(c -> out.add(c.made()
        ? stack + " " + c.status() + ": min " + c.fromMin() + " -> " + c.toMin() + ", max " + c.fromMax() + " -> " + c.toMax()
        : stack + " already has min " + c.toMin() + ", max " + c.toMax() + ": nothing to change"));
    out.add("web group " + group + ": min " + min + ", max " + max + ", desired " + desired + " (" + inService + " in service)");
    out.add("Scaling policies");
    if (policies.isEmpty()) {
      out.add("  none reported by Auto Scaling" + (declared.isEmpty() ? "" : " (the web stack asks for "
          + declared.getOrDefault("TargetRequestsPerInstance", "?") + " requests per instance per minute and "
          + declared.getOrDefault("TargetCpuUtilization", "?") + " % average CPU)"));
    }
    for (Policy p : policies) {
      out.add("  " + p.name() + "  " + type(p) + (p.metric() == null ? "" : "  " + p.metric())
          + (p.target() == null ? "" : "  target " + number(p.target()) + unit(p.metric()))
          + (p.enabled() ? "" : "  (disabled)"));
    }
    out.add("Recent scaling activities (newest first)");
    if (activities.isEmpty()) out.add("  none");
    for (Activity a : activities) {
      out.add("  " + (a.start() == null ? "?" : TIME.format(a.start())) + "  " + a.status() + "  " + a.description());
      if (a.cause() != null && !a.cause().isBlank()) out.add("      cause: " + a.cause());
    }
    return out;
  }

  /** Machine report: a map for the JSON writer, times as ISO-8601 (null when not known). */
  @Override
  public Map<String, Object> document() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("stack", stack);
    root.put("group", group);
    root.put("min", min);
    root.put("max", max);
    root.put("desired", desired);
    root.put("inService", inService);
    List<Object> ps = new ArrayList<>();
    for (Policy p : policies) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("name", p.name());
      one.put("type", p.type());
      one.put("metric", p.metric());
      one.put("target", p.target());
      one.put("resourceLabel", p.resourceLabel());
      one.put("enabled", p.enabled());
      ps.add(one);
    }
    root.put("policies", ps);
    root.put("declaredTargets", new java.util.TreeMap<>(declared));
    List<Object> as = new ArrayList<>();
    for (Activity a : activities) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("start", iso(a.start()));
      one.put("end", iso(a.end()));
      one.put("status", a.status());
      one.put("description", a.description());
      one.put("cause", a.cause());
      as.add(one);
    }
    root.put("activities", as);
    root.put("change", change.map(c -> {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("fromMin", c.fromMin());
      one.put("fromMax", c.fromMax());
      one.put("toMin", c.toMin());
      one.put("toMax", c.toMax());
      one.put("status", c.status());
      return (Object) one;
    }).orElse(null));
    return root;
  }

  private static String iso(Instant t) {
    return t == null ? null : t.toString();
  }

  private static String type(Policy p) {
    return "TargetTrackingScaling".equals(p.type()) ? "target tracking" : String.valueOf(p.type());
  }

  private static String unit(String metric) {
    if ("ALBRequestCountPerTarget".equals(metric)) return " requests per instance per minute";
    if ("ASGAverageCPUUtilization".equals(metric)) return " % average CPU";
    return "";
  }

  private static String number(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
