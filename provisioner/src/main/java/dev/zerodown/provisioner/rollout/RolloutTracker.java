package dev.zerodown.provisioner.rollout;

import dev.zerodown.provisioner.fleet.FleetChanges;
import dev.zerodown.provisioner.fleet.FleetSnapshot;
import dev.zerodown.provisioner.fleet.Member;
import dev.zerodown.provisioner.probe.DurationConverter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Follows a rolling replacement of the web group one poll at a time (the stack's status and the fleet) and
 * decides when it has finished, or failed: the stack rolled back, or a new instance failed.
 *
 * <p>A new instance fails only on what AWS reports for a failed boot (docs/aws-behaviour.md, "Boot, registration
 * and readiness"): it is terminated before it ever served (web.sh completed its launching hook with ABANDON:
 * Pending:Wait, then Terminating, never registered), it turns unhealthy after it had been healthy, or it is not
 * healthy within the boot budget. Never on {@code initial}, {@code Pending:Wait}/{@code Pending:Proceed}, or on
 * {@code unhealthy} before its first healthy check while the budget lasts: a group without the hook registers
 * an instance at launch, and the target group reports it unhealthy for most of its boot.
 */
public final class RolloutTracker {
  /** What the last observation means. */
  public enum Verdict { RUNNING, COMPLETE, NEW_INSTANCE_FAILED, STACK_FAILED }

  /**
   * How long a new instance may take to turn healthy: the rolling update's PauseTime (PT15M), which also bounds
   * the launching hook (900 s between heartbeats). Past it CloudFormation fails the update anyway.
   */
  public static final Duration BOOT_BUDGET = Duration.ofMinutes(15);

  private static final class Track {
    final String id;
    final boolean replacement;
    Duration seen;
    Duration inService;
    Duration healthy;
    boolean everHealthy;
    Duration leftRotation;
    Duration gone;
    String lastState;

    Track(String id, boolean replacement) {
      this.id = id;
      this.replacement = replacement;
    }

    InstanceProgress progress() {
      return new InstanceProgress(id, replacement, Optional.ofNullable(seen), Optional.ofNullable(inService),
          Optional.ofNullable(healthy), Optional.ofNullable(leftRotation), Optional.ofNullable(gone), lastState);
    }
  }

  private final FleetChanges changes;
  private final Consumer<String> events;
  private final Duration bootBudget;
  private final Map<String, Track> tracks = new LinkedHashMap<>();
  private int minServing;
  private Duration minServingAt = Duration.ZERO;
  private String failure;

  public RolloutTracker(FleetSnapshot before, Consumer<String> events) {
    this(before, events, BOOT_BUDGET);
  }

  public RolloutTracker(FleetSnapshot before, Consumer<String> events, Duration bootBudget) {
    this.changes = new FleetChanges(before);
    this.events = Objects.requireNonNull(events, "events");
    this.bootBudget = Objects.requireNonNull(bootBudget, "bootBudget");
    this.minServing = before.serving().size();
    for (Member m : before.members()) {
      Track t = new Track(m.instanceId(), false);
      t.lastState = state(m);
      tracks.put(m.instanceId(), t);
    }
  }

  /** Takes in one poll: when it happened, the web stack's status and reason, and the fleet. */
  public Verdict observe(Duration at, String stackStatus, String stackReason, FleetSnapshot fleet) {
    for (String change : changes.next(fleet)) events.accept(Elapsed.plus(at) + "  " + change);
    for (Member m : fleet.members()) {
      Track t = tracks.computeIfAbsent(m.instanceId(), id -> new Track(id, true));
      if (t.seen == null && t.replacement) t.seen = at;
      if (t.inService == null && t.replacement && m.inService()) t.inService = at;
      if (t.healthy == null && t.replacement && m.inService() && m.healthy()) t.healthy = at;
      if (m.healthy()) t.everHealthy = true;
      if (t.leftRotation == null && !t.replacement && !m.healthy()) t.leftRotation = at;
      t.lastState = state(m);
    }
    for (Track t : tracks.values()) {
      if (t.gone == null && fleet.member(t.id).isEmpty()) {
        t.gone = at;
        if (t.leftRotation == null && !t.replacement) t.leftRotation = at;
        t.lastState = "gone";
      }
    }
    int serving = fleet.serving().size();
    if (serving < minServing) {
      minServing = serving;
      minServingAt = at;
      events.accept(Elapsed.plus(at) + "  only " + serving + (serving == 1 ? " instance" : " instances")
          + " InService and healthy");
    }
    if (stackStatus.contains("ROLLBACK") || stackStatus.endsWith("_FAILED")) {
      failure = "the stack is " + stackStatus + (stackReason == null || stackReason.isBlank() ? "" : ": " + stackReason);
      return Verdict.STACK_FAILED;
    }
    for (Track t : tracks.values()) {
      if (!t.replacement) continue;
      Optional<Member> m = fleet.member(t.id);
      boolean terminating = m.isEmpty() || m.get().lifecycleState().startsWith("Terminat");
      if (terminating && !t.everHealthy) {
        failure = "new instance " + t.id + " was terminated before it served (" + t.lastState
            + "): its boot failed and its launch was abandoned";
        return Verdict.NEW_INSTANCE_FAILED;
      }
      if (m.isPresent() && m.get().unhealthy() && t.everHealthy) {
        failure = "new instance " + t.id + " failed its health checks in the target group after it had been healthy"
            + (m.get().targetReason() == null ? "" : " (" + m.get().targetReason() + ")");
        return Verdict.NEW_INSTANCE_FAILED;
      }
      if (!t.everHealthy && at.minus(t.seen).compareTo(bootBudget) >= 0) {
        failure = "new instance " + t.id + " is not healthy " + DurationConverter.human(bootBudget)
            + " after it was launched (" + t.lastState + ")";
        return Verdict.NEW_INSTANCE_FAILED;
      }
    }
    return stackStatus.equals("UPDATE_COMPLETE") ? Verdict.COMPLETE : Verdict.RUNNING;
  }

  /** Every instance seen, the original ones first. */
  public List<InstanceProgress> instances() {
    List<InstanceProgress> list = new ArrayList<>();
    tracks.values().forEach(t -> list.add(t.progress()));
    return list;
  }

  /** The fewest instances InService and healthy at any poll, and when. */
  public int minServing() {
    return minServing;
  }

  public Duration minServingAt() {
    return minServingAt;
  }

  public Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  private static String state(Member m) {
    return m.lifecycleState() + "/" + m.targetState();
  }
}
