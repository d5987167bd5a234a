package dev.zerodown.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.testsupport.AgentProcess;
import dev.zerodown.testsupport.FreePort;
import dev.zerodown.testsupport.LoopbackTier;
import dev.zerodown.testsupport.RedisServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A Redis failover as ElastiCache does it, on loopback (issue #11): two redis-servers on one port and two
 * loopback addresses, 127.0.0.2 the primary and 127.0.0.3 its replica, behind one name
 * ({@code redis.zerodown.test}, the "primary endpoint") that the agents resolve through a hosts file
 * ({@code -Djdk.net.hosts.file}). The agents are the real jar with the unit's JVM options, two of them
 * behind haproxy, under load. The failover: promote the replica ({@code REPLICAOF NO ONE}), half a second
 * later demote the old primary ({@code REPLICAOF new port}: from then on it answers {@code -READONLY}),
 * and move the name (rewrite the hosts file). Replication is asynchronous, so increments the old primary
 * acknowledged between the promotion and its demotion are lost on the new primary, and the values they
 * were served with are served again; the harness reads both counters at those moments to bound that.
 * Figures go to harness/target/redis-failover-report.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisFailoverIT {
  static final String NAME = "redis.zerodown.test";
  static final String A = "127.0.0.2";
  static final String B = "127.0.0.3";
  /** The bound: hosts-file rewrite -> hello.py served again (on AWS the record's own TTL adds to it). */
  static final Duration SERVED_AGAIN = Duration.ofSeconds(7);
  /** Between promotion and demotion the old primary still takes (and acknowledges) writes. */
  static final long SPLIT_MILLIS = 500;
  static final List<String> MIXED = FailoverIT.MIXED;

  private final Figures figures = new Figures();
  private final Map<String, RedisServer> nodes = new HashMap<>();
  private int port;
  private Path runDir;
  private Path hosts;
  private List<String> jvm;

  @BeforeAll
  void startRedis() throws Exception {
    runDir = Path.of(System.getProperty("zerodown.harnessDir", "target/harness")).toAbsolutePath().resolve("redis-failover");
    Files.createDirectories(runDir);
    hosts = runDir.resolve("hosts");
    port = FreePort.pickOn(A, B);
    // No 5 s pause before a replica's first sync (Redis 7's repl-diskless-sync-delay), as on ElastiCache.
    nodes.put(A, RedisServer.at(A, port).withArgs("--repl-diskless-sync-delay", "0").start());
    nodes.put(B, RedisServer.at(B, port).withArgs("--repl-diskless-sync-delay", "0").start());
    nodes.get(B).command("REPLICAOF", A, String.valueOf(port));
    awaitSynced(nodes.get(A));
    jvm = new ArrayList<>(AgentProcess.instanceJvmOptions());
    jvm.add("-Djdk.net.hosts.file=" + hosts);
    figures.report("setup", "redis", "primary " + A + ":" + port + ", replica " + B + ":" + port + ", name " + NAME);
    figures.report("setup", "agent JVM options", String.join(" ", jvm));
    figures.report("setup", "promotion -> demotion", SPLIT_MILLIS + " ms");
  }

  @AfterAll
  void stop() throws IOException {
    nodes.values().forEach(RedisServer::close);
    String table = figures.table();
    System.out.println("\nRedis failover figures (times in ms)\n" + table);
    if (runDir != null) Files.writeString(runDir.getParent().resolveSibling("redis-failover-report.md"), table, StandardCharsets.UTF_8);
  }

  static void awaitSynced(RedisServer primary) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      String info = primary.command("INFO", "replication");
      if (info.contains("connected_slaves:1") && info.contains("state=online")) return;
      Pause.millis(50);
    }
    throw new IllegalStateException("replica not in sync: " + primary.command("INFO", "replication"));
  }

  static long counter(RedisServer node) {
    String v = node.command("GET", "count");
    return v == null ? 0 : Long.parseLong(v);
  }

  @Test
  @Order(1)
  void a_failover_under_load_is_followed_within_seconds_with_only_200_and_503() throws IOException {
    Result r = failover("6 redis failover", A, B, Map.of());
    long dups = r.samples.duplicateCounters();
    figures.check(r.exp, "values served twice", dups, "<= " + r.lost + " (lost: acked by the old primary after promotion)",
        dups <= r.lost);
    assertThat(figures.missed(r.exp)).as("%s (first failure: %s)", r.exp, r.samples.firstFailure()).isEmpty();
  }

  @Test
  @Order(2)
  void with_counter_min_replicas_1_no_value_is_served_twice() throws IOException {
    Result r = failover("7 redis failover, COUNTER_MIN_REPLICAS=1", B, A, Map.of("COUNTER_MIN_REPLICAS", "1"));
    long dups = r.samples.duplicateCounters();
    figures.check(r.exp, "values served twice", dups, "0", dups == 0);
    assertThat(figures.missed(r.exp)).as("%s (first failure: %s)", r.exp, r.samples.firstFailure()).isEmpty();
  }

  record Result(String exp, Samples samples, long lost) {}

  /** Agents on {@code from}'s name, load, then the failover to {@code to}; checks the common bounds. */
  private Result failover(String exp, String from, String to, Map<String, String> env) throws IOException {
    RedisServer oldPrimary = nodes.get(from);
    RedisServer newPrimary = nodes.get(to);
    Files.writeString(hosts, from + " " + NAME + "\n");
    // The agents' environment as in FailoverIT, Redis by name (the hosts file says which node it is).
    AgentProcess.Launch launch = AgentProcess.launch().inheritEnvironment().jvmOptions(jvm).redis(NAME, port)
        .drainSeconds(FailoverIT.DRAIN_SECONDS).env(Map.of("ENV_NAME", "harness", "METRICS_ENABLED", "false",
            "AWS_REGION", "eu-west-3", "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test")).env(env);
    Samples s;
    long promote;
    long demote;
    long rewrite;
    long atPromotion;
    long atDemotion;
    List<Long> pids;
    boolean alive;
    try (LoopbackTier topology = LoopbackTier.start(oldPrimary, launch, FailoverIT.TIMING, List.of("a", "b"), runDir.resolve(exp.substring(0, 1)))) {
      List<AgentProcess> agents = List.of(topology.agent("a"), topology.agent("b"));
      pids = agents.stream().map(AgentProcess::pid).toList();
      try (LoadGenerator load = new LoadGenerator(topology.haproxy().port(), FailoverIT.WORKERS, FailoverIT.PACE, MIXED,
          Duration.ofSeconds(45)).start()) {
        Pause.millis(1500);
        newPrimary.command("REPLICAOF", "NO", "ONE");
        promote = System.nanoTime();
        atPromotion = counter(newPrimary);
        Pause.millis(SPLIT_MILLIS);
        // Writes held for the instant between reading the old primary's counter and demoting it, so the
        // reading is exactly what it acknowledged; the held INCRs then meet a replica (READONLY).
        oldPrimary.command("CLIENT", "PAUSE", "2000", "WRITE");
        atDemotion = counter(oldPrimary);
        oldPrimary.command("REPLICAOF", to, String.valueOf(port));
        oldPrimary.command("CLIENT", "UNPAUSE");
        demote = System.nanoTime();
        Files.writeString(hosts, to + " " + NAME + "\n");
        rewrite = System.nanoTime();
        Pause.millis(SERVED_AGAIN.toMillis() + 3000);
        s = new Samples(load.stop());
      }
      alive = agents.stream().allMatch(AgentProcess::isAlive);
      awaitSynced(newPrimary);
    }
    long lost = Math.max(0, atDemotion - atPromotion);
    List<String> ids = List.of("agent-a1", "agent-b1");
    long servedAgain = ids.stream().mapToLong(id -> s.all().stream()
            .filter(x -> x.hello() && x.ok() && id.equals(x.instanceId()) && x.startNanos() >= rewrite)
            .mapToLong(Sample::endNanos).min().orElse(Long.MAX_VALUE))
        .max().orElse(Long.MAX_VALUE);
    long other = s.count(x -> x.status() != 200 && x.status() != 503);
    long pingFailed = s.count(x -> x.ping() && !x.ok());
    long hello503 = s.count(x -> x.hello() && x.status() == 503);
    long[] window = s.failureWindow();
    figures.report(exp, "requests", s.all().size());
    figures.report(exp, "counter at promotion (new primary) / at demotion (old primary)", atPromotion + " / " + atDemotion);
    figures.report(exp, "increments lost (acked by the old primary after promotion)", lost);
    figures.report(exp, "hello.py 503 answers", hello503);
    figures.report(exp, "503 window from the demotion (first start -> last end)", window == null ? "none"
        : Samples.ms(window[0] - demote) + " -> " + Samples.ms(window[1] - demote));
    figures.check(exp, "hosts-file rewrite -> both agents serve hello.py",
        servedAgain == Long.MAX_VALUE ? "never" : Samples.ms(servedAgain - rewrite), "<= " + SERVED_AGAIN.toMillis(),
        servedAgain != Long.MAX_VALUE && servedAgain - rewrite <= SERVED_AGAIN.toNanos());
    figures.check(exp, "answers other than 200/503", other, "0", other == 0);
    figures.check(exp, "ping.py failures", pingFailed, "0", pingFailed == 0);
    figures.check(exp, "agents restarted", alive ? "none (pids " + pids + ")" : "an agent exited", "none", alive);
    figures.check(exp, "hello.py 200 without a counter", s.helloWithoutCounter(), "0", s.helloWithoutCounter() == 0);
    figures.report(exp, "promotion -> demotion -> rewrite", Samples.ms(demote - promote) + " ms, " + Samples.ms(rewrite - demote) + " ms");
    return new Result(exp, s, lost);
  }
}
