package dev.zerodown.provisioner.rollout;

import dev.zerodown.provisioner.console.Report;
import dev.zerodown.provisioner.fleet.FleetSnapshot;
import dev.zerodown.provisioner.probe.DurationConverter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How a rollout ended: per-instance progress, the fewest instances serving, and the failure if any. */
public record RolloutReport(String stack, String from, String to, boolean upToDate, List<InstanceProgress> instances,
    int minServing, List<String> notReplaced, Duration elapsed, Optional<String> failure, boolean cancelled,
    String finalStatus) implements Report {

  static RolloutReport upToDate(String stack, String digest, FleetSnapshot fleet) {
    return new RolloutReport(stack, digest, digest, true, List.of(), fleet.serving().size(), List.of(), Duration.ZERO,
        Optional.empty(), false, null);
  }

  static RolloutReport finished(String stack, String from, String to, RolloutTracker tracker, FleetSnapshot last,
      Duration elapsed, String failure, boolean cancelled, String finalStatus) {
    List<String> stale = new ArrayList<>();
    for (InstanceProgress p : tracker.instances()) {
      if (!p.replacement() && last.member(p.instanceId()).isPresent()) stale.add(p.instanceId());
    }
    return new RolloutReport(stack, from, to, false, tracker.instances(), tracker.minServing(), stale, elapsed,
        Optional.ofNullable(failure), cancelled, finalStatus);
  }

  public boolean succeeded() {
    return failure.isEmpty();
  }

  @Override
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    if (upToDate) {
      out.add("UP TO DATE: " + stack + " runs agent " + Rollout.shortDigest(to));
      return out;
    }
    out.add("rollout " + stack + ": agent " + Rollout.shortDigest(from) + " → " + Rollout.shortDigest(to)
        + " in " + DurationConverter.human(elapsed));
    for (InstanceProgress p : instances) {
      StringBuilder b = new StringBuilder("  ").append(p.instanceId()).append(p.replacement() ? "  new  " : "  old  ");
      List<String> parts = new ArrayList<>();
      if (p.replacement()) {
        p.seen().ifPresent(d -> parts.add("launched " + Elapsed.plus(d)));
        p.inService().ifPresent(d -> parts.add("InService " + Elapsed.plus(d)));
        p.healthy().ifPresent(d -> parts.add("healthy " + Elapsed.plus(d)));
      } else {
        p.leftRotation().ifPresent(d -> parts.add("left rotation " + Elapsed.plus(d)));
        p.gone().ifPresent(d -> parts.add("gone " + Elapsed.plus(d)));
      }
      parts.add("now " + p.lastState());
      out.add(b.append(String.join(", ", parts)).toString());
    }
    out.add("  fewest instances serving at any poll: " + minServing);
    if (!notReplaced.isEmpty() && succeeded()) {
      out.add("  still running from before the rollout: " + String.join(", ", notReplaced)
          + " (the stack update did not replace them)");
    }
    if (succeeded()) {
      long fresh = instances.stream().filter(p -> p.replacement() && p.healthy().isPresent()).count();
      out.add("DONE: " + stack + " is " + finalStatus + " with agent " + Rollout.shortDigest(to) + "; " + fresh
          + (fresh == 1 ? " new instance" : " new instances") + " healthy");
    } else {
      out.add("FAILED: " + failure.get() + (cancelled ? "; the update was cancelled" : "") + "; " + stack + " is "
          + finalStatus + (finalStatus != null && finalStatus.contains("ROLLBACK_COMPLETE")
              ? " (back on agent " + Rollout.shortDigest(from) + ")" : ""));
    }
    return out;
  }

  @Override
  public Map<String, Object> document() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("stack", stack);
    root.put("from", from);
    root.put("to", to);
    root.put("upToDate", upToDate);
    root.put("succeeded", succeeded());
    root.put("failure", failure.orElse(null));
    root.put("cancelled", cancelled);
    root.put("finalStatus", finalStatus);
    root.put("elapsedMs", elapsed.toMillis());
    root.put("minServing", minServing);
    root.put("notReplaced", notReplaced);
    List<Object> list = new ArrayList<>();
    for (InstanceProgress p : instances) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("instanceId", p.instanceId());
      m.put("replacement", p.replacement());
      m.put("seenMs", ms(p.seen()));
      m.put("inServiceMs", ms(p.inService()));
      m.put("healthyMs", ms(p.healthy()));
      m.put("leftRotationMs", ms(p.leftRotation()));
      m.put("goneMs", ms(p.gone()));
      m.put("state", p.lastState());
      list.add(m);
    }
    root.put("instances", list);
    return root;
  }

  private static Long ms(Optional<Duration> d) {
    return d.map(Duration::toMillis).orElse(null);
  }
}
