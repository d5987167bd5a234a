package dev.zerodown.provisioner.drill;

import dev.zerodown.provisioner.aws.AwsFailures;
import dev.zerodown.provisioner.aws.ElastiCacheGateway;
import dev.zerodown.provisioner.aws.ElastiCacheGateway.Event;
import dev.zerodown.provisioner.aws.ElastiCacheGateway.Member;
import dev.zerodown.provisioner.aws.ElastiCacheGateway.NodeGroup;
import dev.zerodown.provisioner.aws.ElastiCacheGateway.ReplicationGroup;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import dev.zerodown.provisioner.host.Host;
import dev.zerodown.provisioner.probe.Probe;
import dev.zerodown.provisioner.probe.Prober;
import dev.zerodown.provisioner.probe.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code drill --mode redis-failover}: ElastiCache TestFailover on the environment's replication group while the
 * hello page is probed sequentially, then ElastiCache's events and the group's status are followed until the
 * failover is over and hello.py is served again, all within one time budget.
 *
 * <p>The end of the failover is the last of the events the TestFailover API reference lists, in this order
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_TestFailover.html): replication group
 * "Test Failover API called for node group …", cache cluster "Failover from primary node … to replica node …
 * completed", replication group the same, cache cluster "Recovering cache nodes …", cache cluster "Finished recovery
 * for cache nodes …"; and the group's status {@code available} again (TestFailover refuses a group in any other
 * status). Events that were already there before the call are not part of this failover and are ignored.
 */
public final class RedisFailover {
  /** What the drill will fail over: the group, its node group, the primary now and the replica to promote. */
  public record Plan(String replicationGroupId, String nodeGroupId, String primary, String replica,
      List<String> members) {
    public Plan {
      members = List.copyOf(members);
    }
  }

  /** When the drill saw each step, relative to the TestFailover call. */
  public record Steps(Optional<Duration> apiCalled, Optional<Duration> failedOver, Optional<Duration> recovering,
      Optional<Duration> recoveryFinished, Optional<Duration> availableAgain) {
    public boolean done() {
      return recoveryFinished.isPresent() && availableAgain.isPresent();
    }
  }

  private final ElastiCacheGateway elastiCache;
  private final Prober prober;
  private final Drill.Timing timing;
  private final Consumer<String> events;
  private final Duration patience;

  public RedisFailover(ElastiCacheGateway elastiCache, Prober prober, Drill.Timing timing, Consumer<String> events) {
    this(elastiCache, prober, timing, events, Host.AWS_PATIENCE);
  }

  /**
   * {@code patience}: how long reading the events and the group may fail with throttling, 5xx or network errors
   * (each retried at the next poll) before the drill ends with exit 3; any other failure ends it at once.
   */
  public RedisFailover(ElastiCacheGateway elastiCache, Prober prober, Drill.Timing timing, Consumer<String> events,
      Duration patience) {
    this.elastiCache = Objects.requireNonNull(elastiCache, "elastiCache");
    this.prober = Objects.requireNonNull(prober, "prober");
    this.timing = Objects.requireNonNull(timing, "timing");
    this.events = Objects.requireNonNull(events, "events");
    this.patience = Objects.requireNonNull(patience, "patience");
    if (timing.poll().isZero()) throw new IllegalArgumentException("poll interval must be > 0");
  }

  /** Reads the group; refuses (exit 4) unless it is available with automatic failover, a primary and a replica. */
  public Plan plan(String replicationGroupId) {
    ReplicationGroup g = elastiCache.replicationGroup(replicationGroupId).orElseThrow(() -> new UserException(
        ExitCode.PRECONDITION, "ElastiCache has no replication group " + replicationGroupId
            + ": the database stack names a group that is gone; run deploy again"));
    if (!g.available()) {
      throw new UserException(ExitCode.PRECONDITION, g.id() + " is " + g.status() + ", not available: wait until it "
          + "is available (an earlier failover or change may still run), then run the drill again");
    }
    if (!"enabled".equals(g.automaticFailover())) {
      throw new UserException(ExitCode.PRECONDITION, g.id() + " has automatic failover " + g.automaticFailover()
          + ": TestFailover needs it enabled; deploy without --single-redis-node, then run the drill again");
    }
    if (g.nodeGroups().isEmpty()) {
      throw new UserException(ExitCode.PRECONDITION, g.id() + " reports no node group: run the drill again later");
    }
    NodeGroup ng = g.nodeGroups().get(0);
    Optional<Member> primary = ng.primary();
    if (primary.isEmpty() || ng.replicas().isEmpty()) {
      throw new UserException(ExitCode.PRECONDITION, g.id() + " node group " + ng.id() + " has "
          + (primary.isEmpty() ? "no primary" : "no replica") + " " + roles(ng)
          + ": wait until both nodes are available, then run the drill again");
    }
    List<String> members = new ArrayList<>(g.memberClusters());
    ng.members().forEach(m -> {
      if (!members.contains(m.cacheClusterId())) members.add(m.cacheClusterId());
    });
    return new Plan(g.id(), ng.id(), primary.get().cacheClusterId(), ng.replicas().get(0).cacheClusterId(), members);
  }

  /** One line for the confirmation prompt. */
  public String describe(Plan plan) {
    return "ElastiCache TestFailover on node group " + plan.nodeGroupId() + " of " + plan.replicationGroupId()
        + ": the replica " + plan.replica() + " is promoted, the primary " + plan.primary() + " replaced (the account "
        + "may test failover on at most 15 node groups in any rolling 24 hours)";
  }

  public RedisFailoverReport run(Plan plan, int maxFailed) throws InterruptedException {
    Timeline timeline = Timeline.startingNow();
    Duration failoverAt;
    Watch watch;
    List<Probe> probes;
    Drill.FailureEvents failureEvents = new Drill.FailureEvents(events, timing.baseline());
    LastProbe last = new LastProbe();
    try (BackgroundProbes probing = new BackgroundProbes(prober, timing, timeline, failureEvents.andThen(last), events)) {
      // Events from before the call (an earlier failover, the group's creation) are not this failover's.
      Instant since = Instant.now().minus(Duration.ofMinutes(10));
      watch = new Watch(plan, since, timeline);
      watch.ignoreExisting();
      Duration wait = timing.baseline().minus(timeline.elapsed());
      if (!wait.isNegative()) Thread.sleep(wait.toMillis());
      failoverAt = timeline.elapsed();
      failureEvents.killedAt(failoverAt);
      ReplicationGroup answered = elastiCache.testFailover(plan.replicationGroupId(), plan.nodeGroupId());
      events.accept("+0 ms  TestFailover on node group " + plan.nodeGroupId() + " of " + plan.replicationGroupId()
          + " [" + answered.status() + "]");
      watch.follow(failoverAt, last);
      probes = probing.settleAndStop(watch.recovered);
    }
    return new RedisFailoverReport(plan, prober.url(), failoverAt, probes, watch.steps(), watch.newPrimary,
        watch.recovered, timing.timeout(), maxFailed);
  }

  private static String roles(NodeGroup ng) {
    StringBuilder b = new StringBuilder("(");
    for (Member m : ng.members()) {
      if (b.length() > 1) b.append(", ");
      b.append(m.cacheClusterId()).append(' ').append(m.role());
    }
    return b.append(')').toString();
  }

  /** The latest probe, for "is hello.py served now". */
  private static final class LastProbe implements Consumer<Probe> {
    private volatile Probe last;

    @Override
    public void accept(Probe p) {
      last = p;
    }

    boolean servingSince(Duration t) {
      Probe p = last;
      return p != null && p.ok() && p.startedAt().compareTo(t) >= 0;
    }
  }

  /** Follows the group's events and status after the call, printing what is new. */
  private final class Watch {
    private final Plan plan;
    private final Instant since;
    private final Timeline timeline;
    private final Set<String> seen = new HashSet<>();
    private Duration apiCalled;
    private Duration failedOver;
    private Duration recovering;
    private Duration recoveryFinished;
    private Duration availableAgain;
    private String status = "available";
    private Optional<String> newPrimary = Optional.empty();
    private boolean recovered;

    Watch(Plan plan, Instant since, Timeline timeline) {
      this.plan = plan;
      this.since = since;
      this.timeline = timeline;
    }

    void ignoreExisting() {
      for (Event e : read()) seen.add(key(e));
    }

    void follow(Duration failoverAt, LastProbe last) throws InterruptedException {
      Duration failingSince = null;
      while (true) {
        Duration now = timeline.elapsed();
        try {
          List<Event> fresh = read().stream().filter(e -> seen.add(key(e))).toList();
          ReplicationGroup g = elastiCache.replicationGroup(plan.replicationGroupId()).orElseThrow(() ->
              new UserException(ExitCode.PRECONDITION, "ElastiCache has no replication group "
                  + plan.replicationGroupId() + " any more: the group was deleted during the drill"));
          failingSince = null;
          for (Event e : fresh) step(e, now, failoverAt);
          if (!Objects.equals(g.status(), status)) {
            events.accept(ReplacementWatch.at(now, failoverAt) + "  " + g.id() + "  status " + status + " → "
                + g.status());
            status = g.status();
          }
          g.nodeGroup(plan.nodeGroupId()).flatMap(NodeGroup::primary).map(Member::cacheClusterId)
              .ifPresent(p -> newPrimary = Optional.of(p));
          if (recoveryFinished != null && g.available() && availableAgain == null) availableAgain = now.minus(failoverAt);
          if (recoveryFinished != null && availableAgain != null && last.servingSince(failoverAt)) {
            recovered = true;
            return;
          }
        } catch (SdkException e) {
          if (!AwsFailures.isTransient(e)) throw e;
          if (failingSince == null) failingSince = now;
          if (now.minus(failingSince).compareTo(patience) >= 0) throw AwsFailures.unavailable(e, patience);
          events.accept(ReplacementWatch.at(now, failoverAt) + "  reading ElastiCache failed ("
              + ReplacementWatch.oneLine(e) + "), retrying");
        }
        Duration next = now.plus(timing.poll());
        if (next.compareTo(timing.timeout()) >= 0) return;
        Duration wait = next.minus(timeline.elapsed());
        if (!wait.isNegative()) Thread.sleep(Math.max(1, wait.toMillis()));
      }
    }

    private void step(Event e, Duration now, Duration failoverAt) {
      Duration since = now.minus(failoverAt);
      String m = e.message() == null ? "" : e.message();
      events.accept(ReplacementWatch.at(now, failoverAt) + "  " + e.sourceId() + "  " + m
          + (e.at() == null ? "" : "  [" + e.at() + "]"));
      if (m.startsWith("Test Failover API called") && apiCalled == null) apiCalled = since;
      else if (m.startsWith("Failover from") && m.contains("complete")
          && ElastiCacheGateway.REPLICATION_GROUP.equals(e.sourceType()) && failedOver == null) failedOver = since;
      else if (m.startsWith("Recovering cache nodes") && recovering == null) recovering = since;
      else if (m.startsWith("Finished recovery for cache nodes") && recoveryFinished == null) recoveryFinished = since;
    }

    private List<Event> read() {
      List<Event> all = new ArrayList<>(elastiCache.events(ElastiCacheGateway.REPLICATION_GROUP,
          Optional.of(plan.replicationGroupId()), since));
      elastiCache.events(ElastiCacheGateway.CACHE_CLUSTER, Optional.empty(), since).stream()
          .filter(e -> plan.members().contains(e.sourceId())).forEach(all::add);
      all.sort(java.util.Comparator.comparing(Event::at, java.util.Comparator.nullsFirst(
          java.util.Comparator.naturalOrder())));
      return all;
    }

    private String key(Event e) {
      return e.at() + "|" + e.sourceType() + "|" + e.sourceId() + "|" + e.message();
    }

    Steps steps() {
      return new Steps(Optional.ofNullable(apiCalled), Optional.ofNullable(failedOver), Optional.ofNullable(recovering),
          Optional.ofNullable(recoveryFinished), Optional.ofNullable(availableAgain));
    }
  }
}
