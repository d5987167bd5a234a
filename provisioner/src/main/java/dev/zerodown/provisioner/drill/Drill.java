package dev.zerodown.provisioner.drill;

import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import dev.zerodown.provisioner.fleet.Fleet;
import dev.zerodown.provisioner.fleet.FleetSnapshot;
import dev.zerodown.provisioner.fleet.Member;
import dev.zerodown.provisioner.probe.Probe;
import dev.zerodown.provisioner.probe.Prober;
import dev.zerodown.provisioner.probe.Timeline;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Takes one serving web instance out while probing the hello page sequentially, then waits for the group to
 * serve with a replacement, all within one time budget.
 */
public final class Drill {
  /** Timing knobs; the defaults suit AWS, tests shrink them. */
  public record Timing(Duration probeInterval, Duration requestTimeout, Duration baseline, Duration poll,
      Duration settle, Duration timeout) {
    public Timing {
      for (Duration d : List.of(probeInterval, requestTimeout, baseline, poll, settle, timeout)) {
        if (d == null || d.isNegative()) throw new IllegalArgumentException("drill durations must be >= 0: " + d);
      }
      if (timeout.compareTo(baseline.plus(poll)) <= 0) {
        throw new IllegalArgumentException("--timeout must be longer than the baseline plus one poll: " + timeout);
      }
    }
  }

  /** The instance chosen, and the fleet as it was when it was chosen. */
  public record Plan(String victim, FleetSnapshot before) {}

  private final Fleet fleet;
  private final Takedown takedown;
  private final Prober prober;
  private final Timing timing;
  private final Consumer<String> events;

  public Drill(Fleet fleet, Takedown takedown, Prober prober, Timing timing, Consumer<String> events) {
    this.fleet = Objects.requireNonNull(fleet, "fleet");
    this.takedown = Objects.requireNonNull(takedown, "takedown");
    this.prober = Objects.requireNonNull(prober, "prober");
    this.timing = Objects.requireNonNull(timing, "timing");
    this.events = Objects.requireNonNull(events, "events");
  }

  /** Chooses the instance (the given one, or the first serving one); refuses unless two or more are serving. */
  public Plan plan(Optional<String> instance) {
    FleetSnapshot before = fleet.snapshot();
    List<Member> serving = before.serving();
    if (serving.size() < 2) {
      throw new UserException(ExitCode.PRECONDITION, "a drill needs at least 2 instances InService and healthy in "
          + fleet.groupName() + ", found " + serving.size() + " " + describe(before)
          + ": wait until the group is whole, then run it again");
    }
    String victim = instance.orElse(serving.get(0).instanceId());
    if (serving.stream().noneMatch(m -> m.instanceId().equals(victim))) {
      throw new UserException(ExitCode.PRECONDITION, "--instance " + victim + " is not InService and healthy in "
          + fleet.groupName() + " " + describe(before));
    }
    return new Plan(victim, before);
  }

  public String describe(Plan plan) {
    return takedown.describe(plan.victim());
  }

  public DrillReport run(Plan plan, int maxFailed) throws InterruptedException {
    Timeline timeline = Timeline.startingNow();
    Duration killAt;
    String actionId;
    ReplacementWatch.Outcome outcome;
    List<Probe> probes;
    FailureEvents failureEvents = new FailureEvents(events, timing.baseline());
    try (BackgroundProbes probing = new BackgroundProbes(prober, timing, timeline, failureEvents, events)) {
      Thread.sleep(timing.baseline().toMillis());
      killAt = timeline.elapsed();
      failureEvents.killAt = killAt;
      actionId = takedown.execute(plan.victim());
      events.accept("+0 ms  " + takedown.describe(plan.victim()) + (actionId.isEmpty() ? "" : " [" + actionId + "]"));
      outcome = new ReplacementWatch(fleet, timeline, timing.poll(), events)
          .await(plan.before(), plan.victim(), killAt, plan.before().serving().size(), timing.timeout());
      probes = probing.settleAndStop(outcome.recovered());
    }
    List<Probe> failed = probes.stream().filter(p -> !p.ok()).toList();
    return new DrillReport(takedown.mode().option(), plan.victim(), actionId, prober.url(), killAt, FailureWindow.of(probes, killAt),
        failed, outcome, timing.timeout(), maxFailed);
  }

  private static String describe(FleetSnapshot s) {
    if (s.members().isEmpty()) return "(no instances)";
    StringBuilder b = new StringBuilder("(");
    for (Member m : s.members()) {
      if (b.length() > 1) b.append(", ");
      b.append(m.instanceId()).append(' ').append(m.lifecycleState()).append('/').append(m.targetState());
    }
    return b.append(')').toString();
  }

  /** Reports probe failures as they start and end, not every request (the redis-failover drill's too). */
  static final class FailureEvents implements Consumer<Probe> {
    private final Consumer<String> events;
    private volatile Duration killAt;
    private int run;

    /** Until the kill happens, times are shown relative to when it is planned. */
    FailureEvents(Consumer<String> events, Duration plannedKill) {
      this.events = events;
      this.killAt = plannedKill;
    }

    /** From now on, times are shown relative to the kill, which happened at {@code killAt}. */
    void killedAt(Duration killAt) {
      this.killAt = killAt;
    }

    @Override
    public void accept(Probe p) {
      if (!p.ok() && run++ == 0) {
        events.accept(ReplacementWatch.at(p.startedAt(), killAt) + "  request failed: " + p.error());
      } else if (p.ok() && run > 0) {
        events.accept(ReplacementWatch.at(p.startedAt(), killAt) + "  requests answer again after "
            + run + (run == 1 ? " failure" : " failures"));
        run = 0;
      }
    }
  }
}
