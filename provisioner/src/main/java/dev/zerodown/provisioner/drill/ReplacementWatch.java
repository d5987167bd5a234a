package dev.zerodown.provisioner.drill;

import dev.zerodown.provisioner.aws.AwsFailures;
import dev.zerodown.provisioner.fleet.Fleet;
import dev.zerodown.provisioner.fleet.FleetChanges;
import dev.zerodown.provisioner.fleet.FleetSnapshot;
import dev.zerodown.provisioner.fleet.Member;
import dev.zerodown.provisioner.host.Host;
import dev.zerodown.provisioner.probe.DurationConverter;
import dev.zerodown.provisioner.probe.Timeline;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Polls the fleet after an instance was taken out until a replacement is InService in the group and healthy
 * in the target group and the fleet serves with as many instances as before, or the deadline passes.
 * Every change of an instance's state is reported as it is seen.
 *
 * <p>A replacement is never judged on {@code initial}, {@code Pending:Wait}/{@code Pending:Proceed} or on
 * {@code unhealthy} while it boots. One that is terminated before it ever served had its launch abandoned
 * (web.sh completes the launching hook with ABANDON when its boot fails): that is reported, and the watch waits
 * for the group's next replacement until the deadline.
 */
public final class ReplacementWatch {
  /** What the watch saw; times are relative to the kill. */
  public record Outcome(boolean recovered, Optional<String> replacement, Optional<Duration> victimOut,
      Optional<Duration> replacementInService, Optional<Duration> replacementHealthy, FleetSnapshot last) {}

  private final Fleet fleet;
  private final Timeline timeline;
  private final Duration poll;
  private final Consumer<String> events;
  private final Duration patience;

  public ReplacementWatch(Fleet fleet, Timeline timeline, Duration poll, Consumer<String> events) {
    this(fleet, timeline, poll, events, Host.AWS_PATIENCE);
  }

  /**
   * {@code patience}: how long reading the fleet may fail with throttling, 5xx or network errors (each retried at
   * the next poll) before the drill ends with exit 3; any other failure ends it at once.
   */
  public ReplacementWatch(Fleet fleet, Timeline timeline, Duration poll, Consumer<String> events, Duration patience) {
    this.patience = Objects.requireNonNull(patience, "patience");
    this.fleet = Objects.requireNonNull(fleet, "fleet");
    this.timeline = Objects.requireNonNull(timeline, "timeline");
    if (poll == null || poll.isNegative() || poll.isZero()) throw new IllegalArgumentException("poll interval must be > 0: " + poll);
    this.poll = poll;
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * @param beforeKill the fleet before the kill (any other instance is a replacement)
   * @param victim the instance taken out
   * @param killAt when it was taken out, on the watch's timeline
   * @param serving how many instances must be serving again (InService and healthy)
   * @param deadline when to give up, on the watch's timeline
   */
  public Outcome await(FleetSnapshot beforeKill, String victim, Duration killAt, int serving, Duration deadline)
      throws InterruptedException {
    Set<String> before = beforeKill.ids();
    FleetChanges changes = new FleetChanges(beforeKill);
    Map<String, Duration> inServiceAt = new HashMap<>();
    Set<String> seenNew = new java.util.HashSet<>();
    Set<String> served = new java.util.HashSet<>();
    Set<String> abandoned = new java.util.HashSet<>();
    String replacement = null;
    Duration victimOut = null;
    Duration inService = null;
    Duration healthy = null;
    FleetSnapshot last = null;
    int errors = 0;
    Duration failingSince = null;
    while (true) {
      Duration now = timeline.elapsed();
      try {
        last = fleet.snapshot();
        errors = 0;
        failingSince = null;
      } catch (SdkException e) {
        if (!AwsFailures.isTransient(e)) throw e;
        errors++;
        if (failingSince == null) failingSince = now;
        if (now.minus(failingSince).compareTo(patience) >= 0) throw AwsFailures.unavailable(e, patience);
        events.accept(at(now, killAt) + "  reading the fleet failed (" + oneLine(e) + "), retrying");
      }
      if (last != null && errors == 0) {
        Duration since = now.minus(killAt);
        for (String change : changes.next(last)) {
          String id = change.substring(0, change.indexOf(' '));
          events.accept(at(now, killAt) + "  " + change + (id.equals(victim) ? "  [taken out]" : ""));
        }
        Optional<Member> v = last.member(victim);
        if (victimOut == null && (v.isEmpty() || !v.get().healthy())) victimOut = since;
        for (Member m : last.members()) {
          if (before.contains(m.instanceId())) continue;
          seenNew.add(m.instanceId());
          if (m.healthy()) served.add(m.instanceId());
        }
        for (String id : seenNew) {
          Optional<Member> m = last.member(id);
          boolean terminating = m.isEmpty() || m.get().lifecycleState().startsWith("Terminat");
          if (terminating && !served.contains(id) && abandoned.add(id)) {
            events.accept(at(now, killAt) + "  new instance " + id + " was terminated before it served: its launch was "
                + "abandoned; waiting for the group's next one");
          }
        }
        for (Member m : last.members()) {
          if (before.contains(m.instanceId()) || abandoned.contains(m.instanceId()) || healthy != null) continue;
          if (m.inService()) inServiceAt.putIfAbsent(m.instanceId(), since);
          if (replacement == null || !inServiceAt.containsKey(replacement)) replacement = m.instanceId();
          if (m.inService() && m.healthy()) {
            replacement = m.instanceId();
            healthy = since;
          }
        }
        inService = replacement == null ? null : inServiceAt.get(replacement);
        if (healthy != null && last.serving().size() >= serving) {
          return new Outcome(true, Optional.of(replacement), Optional.ofNullable(victimOut),
              Optional.ofNullable(inService), Optional.of(healthy), last);
        }
      }
      Duration next = now.plus(poll);
      if (next.compareTo(deadline) >= 0) {
        return new Outcome(false, Optional.ofNullable(replacement), Optional.ofNullable(victimOut),
            Optional.ofNullable(inService), Optional.ofNullable(healthy), last);
      }
      Duration wait = next.minus(timeline.elapsed());
      if (!wait.isNegative()) Thread.sleep(Math.max(1, wait.toMillis()));
    }
  }

  static String at(Duration now, Duration killAt) {
    Duration d = now.minus(killAt);
    return (d.isNegative() ? "-" : "+") + DurationConverter.human(d.abs());
  }

  static String oneLine(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
