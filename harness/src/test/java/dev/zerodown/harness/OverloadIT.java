package dev.zerodown.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.testsupport.AgentProcess;
import dev.zerodown.testsupport.FreePort;
import dev.zerodown.testsupport.Haproxy;
import dev.zerodown.testsupport.RedisServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Overload (issue 18): load spikes of 1000 and 4000 keep-alive connections on hello.py for 10 s each, from
 * wrk on loopback, against one agent process from the build's agent jar with the unit's JVM options, a real
 * redis-server, and haproxy checking the agent's health port as the ALB does. Figures with their bounds go to
 * harness/target/overload-report.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OverloadIT {
  static final Duration SPIKE = Duration.ofSeconds(10);
  /** The ALB's health check timeout is 3 s; the agent's aim is 2 s, so a slow check is still a pass there. */
  static final Duration PING_BOUND = Duration.ofSeconds(2);
  /** From the end of the spike to hello.py answering 200 again, and then to every request being served. */
  static final Duration RECOVERY_BOUND = Duration.ofSeconds(1);
  /** The agent's memory budget on a t3.micro (README "Overload"). */
  static final long RSS_BUDGET_MIB = 256;
  /** ALB-like checks, scaled: every second, 2 s timeout (the aim above), 2 failures to mark it DOWN. */
  static final Haproxy.HealthTiming TIMING =
      new Haproxy.HealthTiming(Duration.ofSeconds(1), PING_BOUND, 2, 2);
  static final int AFTER_REQUESTS = 20;

  @RegisterExtension
  static final RedisServer REDIS = new RedisServer();

  private final Figures figures = new Figures();
  private AgentProcess agent;
  private Haproxy haproxy;
  private Path dir;

  @BeforeAll
  void start() throws IOException {
    dir = Path.of(System.getProperty("zerodown.harnessDir", "target/harness")).toAbsolutePath().resolve("overload");
    Files.createDirectories(dir);
    // The agent's environment as in FailoverIT: a local run that reaches nothing outside the machine.
    AgentProcess.Launch launch = AgentProcess.launch().inheritEnvironment().redis(REDIS.host(), REDIS.port())
        .drainSeconds(3).healthPort(FreePort.pick()).instanceId("agent-overload").logDir(dir)
        .env(Map.of("ENV_NAME", "harness", "METRICS_ENABLED", "false", "AWS_REGION", "eu-west-3",
            "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"));
    List<String> jvm = launch.jvmOptions();
    agent = launch.startReady();
    haproxy = Haproxy.start(Map.of("a", agent.port()), Map.of("a", agent.healthPort()), TIMING, dir);
    haproxy.await("a", "UP", Duration.ofSeconds(10));
    figures.report("setup", "agent JVM options", String.join(" ", jvm));
    figures.report("setup", "load", "wrk -t2 --timeout 10s, keep-alive, hello.py, " + SPIKE.toSeconds() + " s per spike");
    figures.report("setup", "health probe", "ping.py on the health port every 100 ms, fresh connection, 5 s timeout");
  }

  @AfterAll
  void stop() throws IOException {
    if (haproxy != null) haproxy.close();
    if (agent != null) agent.close();
    String table = figures.table();
    System.out.println("\nOverload figures (times in ms)\n" + table);
    if (dir != null) Files.writeString(dir.getParent().resolveSibling("overload-report.md"), table, StandardCharsets.UTF_8);
  }

  @Test
  @Order(1)
  void a_spike_of_1000_connections_leaves_the_agent_up_answering_200_or_503_with_honest_health_checks() {
    spike(1000);
  }

  @Test
  @Order(2)
  void a_spike_of_4000_connections_leaves_the_agent_up_answering_200_or_503_with_honest_health_checks() {
    spike(4000);
  }

  private void spike(int connections) {
    String exp = connections + " connections";
    Wrk.Result wrk;
    List<Probe.Check> checks;
    long rssPeak;
    long start;
    long firstOk;
    long allOk;
    try (StatusWatcher w = new StatusWatcher(haproxy); Probe probe = new Probe(agent.healthPort(), agent.pid(), Duration.ofMillis(100))) {
      start = System.nanoTime();
      wrk = Wrk.run(agent.port(), "/cgi-bin/hello.py", connections, SPIKE, dir);
      firstOk = firstOkAfter(wrk.endNanos());
      allOk = servedInARow(AFTER_REQUESTS);
      long end = System.nanoTime();
      checks = probe.checks().stream().filter(c -> c.startNanos() >= start && c.startNanos() <= wrk.endNanos()).toList();
      rssPeak = probe.rssPeakKib();
      long down = w.changes().stream().filter(c -> c.nanos() >= start && c.nanos() <= end && !c.status().startsWith("UP")).count();
      figures.check(exp, "haproxy saw the agent other than UP (checks on the health port)", down, "0", down == 0);
    }
    figures.check(exp, "agent process alive", agent.isAlive(), "true", agent.isAlive());
    figures.report(exp, "hello.py 200 / 503", wrk.count(200) + " / " + wrk.count(503));
    long other = wrk.otherThan(200, 503);
    figures.check(exp, "hello.py answers other than 200 or 503", other + (other == 0 ? "" : " " + wrk.statuses()), "0", other == 0);
    figures.check(exp, "hello.py 200s (accepted requests finish)", wrk.count(200), "> 0", wrk.count(200) > 0);
    figures.report(exp, "hello.py 200s per second", Math.round(wrk.count(200) / (double) SPIKE.toSeconds()));
    figures.report(exp, "wrk socket errors connect / read / write / timeout",
        wrk.connectErrors() + " / " + wrk.readErrors() + " / " + wrk.writeErrors() + " / " + wrk.timeouts());
    long failed = count(checks, c -> c.status() != 200);
    figures.check(exp, "health checks during the spike: sent / not 200", checks.size() + " / " + failed,
        "> 0 / 0", !checks.isEmpty() && failed == 0);
    long p99 = percentile(checks, 0.99);
    long max = checks.stream().mapToLong(Probe.Check::nanos).max().orElse(0);
    figures.check(exp, "ping.py latency p99 / max", Samples.ms(p99) + " / " + Samples.ms(max),
        "p99 <= " + PING_BOUND.toMillis(), p99 <= PING_BOUND.toNanos());
    figures.check(exp, "agent RSS peak (MiB)", rssPeak / 1024, "<= " + RSS_BUDGET_MIB, rssPeak / 1024 <= RSS_BUDGET_MIB);
    figures.check(exp, "spike end -> first hello.py 200", firstOk < 0 ? "never" : Samples.ms(firstOk - wrk.endNanos()),
        "<= " + RECOVERY_BOUND.toMillis(), firstOk >= 0 && firstOk - wrk.endNanos() <= RECOVERY_BOUND.toNanos());
    figures.check(exp, "spike end -> " + AFTER_REQUESTS + " hello.py 200s in a row", allOk < 0 ? "never" : Samples.ms(allOk - wrk.endNanos()),
        "<= " + RECOVERY_BOUND.toMillis(), allOk >= 0 && allOk - wrk.endNanos() <= RECOVERY_BOUND.toNanos());
    assertThat(figures.missed(exp)).as("%s; agent log: %s", exp, agent.tail()).isEmpty();
  }

  /** nanoTime of the first hello.py 200 on a fresh connection after {@code after} (-1 if none within 10 s). */
  private long firstOkAfter(long after) {
    long deadline = after + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (helloOk()) return System.nanoTime();
      Pause.millis(5);
    }
    return -1;
  }

  /** nanoTime when {@code n} sequential hello.py requests have all answered 200 (-1 if one did not). */
  private long servedInARow(int n) {
    for (int i = 0; i < n; i++) if (!helloOk()) return -1;
    return System.nanoTime();
  }

  private boolean helloOk() {
    try (HttpConnection c = HttpConnection.open(agent.port(), Duration.ofSeconds(2))) {
      return c.get("/cgi-bin/hello.py").status() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private static long count(List<Probe.Check> checks, Predicate<Probe.Check> p) {
    return checks.stream().filter(p).count();
  }

  private static long percentile(List<Probe.Check> checks, double q) {
    long[] v = checks.stream().mapToLong(Probe.Check::nanos).sorted().toArray();
    if (v.length == 0) return 0;
    return v[Math.min(v.length - 1, (int) Math.ceil(q * v.length) - 1)];
  }
}
