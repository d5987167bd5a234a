package dev.zerodown.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.testsupport.AgentProcess;
import dev.zerodown.testsupport.Haproxy;
import dev.zerodown.testsupport.LoopbackTier;
import dev.zerodown.testsupport.RedisServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The zero-downtime experiments on loopback (docs/failover.md): real redis-server, two agent processes from
 * the agent jar of the build, haproxy as the ALB, bounded load through haproxy. Each experiment records
 * its figures with their bounds; the table is printed at the end and written to
 * harness/target/failover-report.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverIT {
  static final Haproxy.HealthTiming TIMING = Haproxy.HealthTiming.FAST;
  /** At least twice haproxy's detection time (fall x inter = 1 s), as the agent's 15 s is for the ALB. */
  static final int DRAIN_SECONDS = 3;
  static final int WORKERS = Integer.getInteger("harness.workers", 4);
  static final Duration PACE = Duration.ofMillis(Long.getLong("harness.paceMillis", 5));
  /**
   * User traffic. ping.py is the health check: a draining agent answers it 503 on purpose, so the
   * stop, rollout and crash experiments send hello.py only; the Redis outage mixes in ping.py.
   */
  static final List<String> USER = List.of("/cgi-bin/hello.py");
  static final List<String> MIXED = List.of("/cgi-bin/hello.py", "/cgi-bin/hello.py", "/cgi-bin/ping.py");
  /** Allowance for a noisy shared machine on top of a theoretical time. */
  static final Duration NOISE = Duration.ofSeconds(1);

  @RegisterExtension
  static final RedisServer REDIS = new RedisServer();

  private final Figures figures = new Figures();
  private LoopbackTier topology;
  /** How agents are launched now: the original jar, after experiment 2 the rolled-out one. */
  private AgentProcess.Launch current;
  private Path runDir;

  @BeforeAll
  void startTopology() throws IOException {
    runDir = Path.of(System.getProperty("zerodown.harnessDir", "target/harness")).toAbsolutePath();
    Files.createDirectories(runDir);
    // The agents' environment on top of this JVM's: a local run that reaches nothing outside the machine.
    AgentProcess.Launch launch = AgentProcess.launch().inheritEnvironment().drainSeconds(DRAIN_SECONDS)
        .env(Map.of("ENV_NAME", "harness", "METRICS_ENABLED", "false", "AWS_REGION", "eu-west-3",
            "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"));
    List<String> jvm = launch.jvmOptions();
    topology = LoopbackTier.start(REDIS, launch, TIMING, List.of("a", "b"), runDir);
    current = topology.launch();
    figures.report("setup", "haproxy inter / timeout / fall / rise",
        TIMING.inter().toMillis() + " ms / " + TIMING.timeout().toMillis() + " ms / " + TIMING.fall() + " / " + TIMING.rise());
    figures.report("setup", "agent DRAIN_SECONDS", DRAIN_SECONDS);
    figures.report("setup", "load: workers x pace", WORKERS + " x " + PACE.toMillis() + " ms");
    figures.report("setup", "agent JVM options", jvm.isEmpty() ? "(none)" : String.join(" ", jvm));
  }

  @AfterAll
  void printTable() throws IOException {
    if (topology != null) topology.close();
    String table = figures.table();
    System.out.println("\nFailover harness figures (times in ms from the event)\n" + table);
    if (runDir != null) {
      Files.writeString(runDir.resolveSibling("failover-report.md"), table, StandardCharsets.UTF_8);
    }
  }

  private LoadGenerator load(List<String> paths) {
    return new LoadGenerator(topology.haproxy().port(), WORKERS, PACE, paths, Duration.ofSeconds(45));
  }

  /**
   * The key moved by the successful increments, plus at most one per hello.py that was not served (with group
   * commit a request that answered 503 may have spent a value: skipped after its deadline, or in a batch whose
   * INCRBY outcome is unknown, which is never retried), plus the requests in flight when the load stopped
   * (workers).
   */
  private void checkCounter(String exp, Samples s, long before) {
    long delta = topology.counter() - before;
    long ok = s.okHello();
    long notServed = s.failedHello();
    figures.check(exp, "counter key delta vs ok hello.py (+ not served)", delta + " vs " + ok + " (+" + notServed + ")",
        "ok <= delta <= ok + not served + " + WORKERS, ok <= delta && delta <= ok + notServed + WORKERS);
    figures.check(exp, "duplicate counter values", s.duplicateCounters(), "0", s.duplicateCounters() == 0);
    figures.check(exp, "hello.py 200 without a counter", s.helloWithoutCounter(), "0", s.helloWithoutCounter() == 0);
  }

  @Test
  @Order(1)
  void planned_stop_of_one_agent_under_load_fails_no_request() {
    String exp = "1 planned stop";
    AgentProcess a = topology.agent("a");
    String b = topology.agent("b").name();
    long before = topology.counter();
    Samples s;
    long term;
    int exit;
    OptionalLong down;
    try (StatusWatcher w = new StatusWatcher(topology.haproxy()); LoadGenerator load = load(USER).start()) {
      Pause.millis(1000);
      term = a.sigterm();
      exit = a.awaitExit(Duration.ofSeconds(DRAIN_SECONDS + 30));
      Pause.millis(1000);
      s = new Samples(load.stop());
      down = w.first("a", "DOWN", term);
    }
    long exitAt = a.exitNanos();
    figures.report(exp, "requests", s.all().size());
    figures.check(exp, "failed requests", s.failed(), "0", s.failed() == 0);
    figures.check(exp, "SIGTERM -> haproxy DOWN", down.isPresent() ? Samples.ms(down.getAsLong() - term) : "never",
        "< exit", down.isPresent() && down.getAsLong() < exitAt);
    figures.report(exp, "SIGTERM -> last response from it", Samples.ms(s.lastFrom(a.name()) - term));
    figures.check(exp, "SIGTERM -> process exit", Samples.ms(exitAt - term),
        ">= " + DRAIN_SECONDS * 1000, exitAt - term >= Duration.ofSeconds(DRAIN_SECONDS).toNanos());
    figures.check(exp, "exit code", exit, "0", exit == 0);
    long other = s.servedBy(b, exitAt);
    figures.check(exp, "responses from the other agent after exit", other, "> 0", other > 0);
    checkCounter(exp, s, before);
    topology.replace("a", current);
    assertThat(figures.missed(exp)).as("%s (first failure: %s)", exp, s.firstFailure()).isEmpty();
  }

  @Test
  @Order(2)
  void rolling_both_agents_to_a_new_jar_under_load_fails_no_request() throws IOException {
    String exp = "2 rollout";
    Path newJar = runDir.resolve("agent-next.jar");
    Files.copy(topology.launch().jar(), newJar, StandardCopyOption.REPLACE_EXISTING);
    AgentProcess.Launch next = topology.launch().jar(newJar);
    long before = topology.counter();
    Samples s;
    List<Integer> exits = new ArrayList<>();
    List<String> fresh = new ArrayList<>();
    long start;
    long end;
    try (LoadGenerator load = load(USER).start()) {
      Pause.millis(1000);
      start = System.nanoTime();
      for (String slot : List.of("a", "b")) {
        AgentProcess old = topology.agent(slot);
        old.sigterm();
        exits.add(old.awaitExit(Duration.ofSeconds(DRAIN_SECONDS + 30)));
        fresh.add(topology.replace(slot, next).name());
      }
      end = System.nanoTime();
      current = next;
      Pause.millis(1000);
      s = new Samples(load.stop());
    }
    figures.report(exp, "requests", s.all().size());
    figures.report(exp, "rollout duration", Samples.ms(end - start));
    figures.check(exp, "failed requests", s.failed(), "0", s.failed() == 0);
    figures.check(exp, "exit codes of the old agents", exits, "[0, 0]", exits.equals(List.of(0, 0)));
    long fromNew = fresh.stream().mapToLong(id -> s.servedBy(id, end)).min().orElse(0);
    figures.check(exp, "responses from each new agent after rollout", fromNew, "> 0", fromNew > 0);
    checkCounter(exp, s, before);
    assertThat(figures.missed(exp)).as("%s (first failure: %s)", exp, s.firstFailure()).isEmpty();
  }

  @Test
  @Order(3)
  void crash_of_one_agent_fails_requests_only_inside_the_health_check_window() {
    String exp = "3 crash";
    AgentProcess a = topology.agent("a");
    long before = topology.counter();
    Samples s;
    long kill;
    OptionalLong down;
    try (StatusWatcher w = new StatusWatcher(topology.haproxy()); LoadGenerator load = load(USER).start()) {
      Pause.millis(1000);
      kill = a.sigkill();
      a.awaitExit(Duration.ofSeconds(10));
      topology.haproxy().await("a", "DOWN", TIMING.detection().plus(NOISE).plus(Duration.ofSeconds(5)));
      Pause.millis(1000);
      s = new Samples(load.stop());
      down = w.first("a", "DOWN", kill);
    }
    long bound = TIMING.detection().plus(NOISE).toNanos();
    long downAt = down.orElse(Long.MAX_VALUE);
    long[] window = s.failureWindow();
    long early = s.count(x -> !x.ok() && x.endNanos() < kill);
    long late = s.count(x -> !x.ok() && x.startNanos() > downAt + 250_000_000L);
    figures.report(exp, "requests", s.all().size());
    figures.report(exp, "failed requests", s.failed());
    figures.report(exp, "failure window (first start -> last end)", window == null ? 0 : Samples.ms(window[1] - window[0]));
    figures.check(exp, "SIGKILL -> haproxy DOWN", down.isPresent() ? Samples.ms(downAt - kill) : "never",
        "<= " + Samples.ms(bound), down.isPresent() && downAt - kill <= bound);
    figures.check(exp, "failures before the kill", early, "0", early == 0);
    figures.check(exp, "failures started > 250 ms after DOWN", late, "0", late == 0);
    figures.report(exp, "of which HTTP errors / I/O errors",
        s.count(x -> x.status() >= 0 && !x.ok()) + " / " + s.count(x -> x.status() < 0));
    checkCounter(exp, s, before);
    topology.replace("a", current);
    assertThat(figures.missed(exp)).as("%s (first failure: %s)", exp, s.firstFailure()).isEmpty();
  }

  @Test
  @Order(4)
  void redis_outage_answers_503_on_hello_only_and_recovers_by_itself() {
    String exp = "4 redis outage";
    RedisServer redis = topology.redis();
    long before = topology.counter();
    List<String> ids = List.of(topology.agent("a").name(), topology.agent("b").name());
    Samples s;
    long outage;
    long back;
    try (LoadGenerator load = load(MIXED).start()) {
      Pause.millis(1000);
      outage = System.nanoTime();
      redis.outage();
      Pause.millis(2000);
      redis.recover();
      back = System.nanoTime();
      Pause.millis(5000 + NOISE.toMillis());
      s = new Samples(load.stop());
    }
    long recovered = ids.stream().mapToLong(id -> s.all().stream()
            .filter(x -> x.hello() && x.ok() && id.equals(x.instanceId()) && x.startNanos() >= back)
            .mapToLong(Sample::endNanos).min().orElse(Long.MAX_VALUE))
        .max().orElse(Long.MAX_VALUE);
    long hello503 = s.count(x -> x.hello() && x.status() == 503);
    long helloOther = s.count(x -> x.hello() && x.status() != 200 && x.status() != 503);
    long pingFailed = s.count(x -> x.ping() && !x.ok());
    long outside = s.count(x -> x.status() == 503 && (x.endNanos() < outage || x.startNanos() > recovered));
    figures.report(exp, "requests", s.all().size());
    figures.report(exp, "redis down for", Samples.ms(back - outage));
    figures.report(exp, "hello.py 503 answers", hello503);
    figures.check(exp, "hello.py failures other than 503", helloOther, "0", helloOther == 0);
    figures.check(exp, "ping.py failures", pingFailed, "0", pingFailed == 0);
    figures.check(exp, "503 outside outage + recovery", outside, "0", outside == 0);
    figures.check(exp, "redis back -> both agents serve hello.py",
        recovered == Long.MAX_VALUE ? "never" : Samples.ms(recovered - back), "<= 5000",
        recovered != Long.MAX_VALUE && recovered - back <= Duration.ofSeconds(5).toNanos());
    checkCounter(exp, s, before);
    assertThat(figures.missed(exp)).as("%s (first failure: %s)", exp, s.firstFailure()).isEmpty();
  }

  @Test
  @Order(5)
  void hostile_input_causes_no_5xx_no_crash_and_no_counter_change() throws IOException {
    String exp = "5 hostile input";
    AgentProcess a = topology.agent("a");
    long before = topology.counter();
    HostileRequests.Result r = HostileRequests.run(a.port());
    long after = topology.counter();
    figures.check(exp, "hostile requests sent", r.outcomes().size(), ">= 50", r.outcomes().size() >= 50);
    List<HostileRequests.Outcome> fiveXx = r.outcomes().stream().filter(o -> o.status() >= 500).toList();
    figures.check(exp, "5xx answers", fiveXx.size() + (fiveXx.isEmpty() ? "" : " (" + String.join("; ",
        fiveXx.stream().map(o -> o.name() + " -> " + o.status()).toList()) + ")"), "0", fiveXx.isEmpty());
    List<HostileRequests.Outcome> leaks = r.outcomes().stream().filter(HostileRequests.Outcome::leaksInternals).toList();
    figures.check(exp, "answers showing a stack trace", leaks.size(), "0", leaks.isEmpty());
    figures.report(exp, "answered 2xx / 4xx / closed or timed out",
        r.count(o -> o.status() / 100 == 2) + " / " + r.count(o -> o.status() / 100 == 4) + " / " + r.count(o -> o.status() <= 0));
    figures.check(exp, "ping.py 200 while slow clients hold connections", r.servedDuringSlow(), "true", r.servedDuringSlow());
    figures.check(exp, "agent process alive", a.isAlive(), "true", a.isAlive());
    figures.check(exp, "counter change", after - before, "0", after == before);
    long next;
    int status;
    try (HttpConnection c = HttpConnection.open(a.port(), Duration.ofSeconds(5))) {
      HttpConnection.Response h = c.get("/cgi-bin/hello.py");
      status = h.status();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("counter: (\\d+)").matcher(h.body());
      next = m.find() ? Long.parseLong(m.group(1)) : -1;
    }
    figures.check(exp, "normal hello.py afterwards", status + ", counter " + next, "200, counter " + (before + 1),
        status == 200 && next == before + 1);
    if (!fiveXx.isEmpty() || !leaks.isEmpty()) {
      System.out.println("hostile cases answered 5xx or leaking internals:");
      fiveXx.forEach(o -> System.out.println("  " + o));
      leaks.forEach(o -> System.out.println("  " + o));
    }
    Files.writeString(runDir.resolve("hostile-outcomes.txt"),
        String.join("\n", r.outcomes().stream().map(Object::toString).toList()) + "\n", StandardCharsets.UTF_8);
    assertThat(figures.missed(exp)).as(exp).isEmpty();
  }
}
