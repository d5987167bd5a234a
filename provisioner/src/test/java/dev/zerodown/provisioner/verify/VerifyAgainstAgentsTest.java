package dev.zerodown.provisioner.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.probe.Prober;
import dev.zerodown.testsupport.Binaries;
import dev.zerodown.testsupport.FreePort;
import dev.zerodown.testsupport.ManagedProcess;
import dev.zerodown.testsupport.RedisServer;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * verify against the real thing on loopback: two agent processes (the agent.jar this provisioner bundles) sharing
 * one real redis-server, behind haproxy balancing round robin like the ALB.
 */
class VerifyAgainstAgentsTest {
  @RegisterExtension
  static final RedisServer redis = new RedisServer();

  private static final List<ManagedProcess> processes = new ArrayList<>();
  private static int agentA;
  private static int balancer;

  @BeforeAll
  static void start() throws Exception {
    URL bundled = VerifyAgainstAgentsTest.class.getClassLoader().getResource("agent/agent.jar");
    assertThat(bundled).as("agent/agent.jar is bundled: build with ./mvnw -pl provisioner -am").isNotNull();
    assertThat(Binaries.onPath("haproxy")).as("haproxy is installed (apt-get install -y haproxy; .ci/run does)").isPresent();
    Path jar = Paths.get(bundled.toURI());
    Path dir = Files.createTempDirectory("zerodown-verify");
    agentA = FreePort.pick();
    int agentB = FreePort.pick();
    processes.add(agent(jar, dir, "i-0agent00000000000a", agentA));
    processes.add(agent(jar, dir, "i-0agent00000000000b", agentB));
    for (ManagedProcess p : processes) {
      p.awaitPort(p == processes.get(0) ? agentA : agentB, Duration.ofSeconds(60));
    }
    balancer = FreePort.pick();
    Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), String.join("\n",
        "global", "  maxconn 256",
        "defaults", "  mode http", "  timeout connect 2s", "  timeout client 10s", "  timeout server 10s",
        "  timeout check 5s",
        "frontend web", "  bind 127.0.0.1:" + balancer, "  default_backend agents",
        "backend agents", "  balance roundrobin", "  option httpchk GET /cgi-bin/ping.py",
        "  server a 127.0.0.1:" + agentA + " check inter 1s fall 2 rise 2",
        "  server b 127.0.0.1:" + agentB + " check inter 1s fall 2 rise 2", ""));
    processes.add(ManagedProcess.start("haproxy", List.of("haproxy", "-db", "-f", cfg.toString()),
        dir.resolve("haproxy.log")).awaitPort(balancer, Duration.ofSeconds(20)));
    awaitBothInRotation();
  }

  /** Fresh JVMs on a busy machine can miss a first health check: wait (bounded) until both agents answer. */
  private static void awaitBothInRotation() throws InterruptedException {
    Prober prober = new Prober(URI.create("http://127.0.0.1:" + balancer + "/"), Duration.ofSeconds(5));
    Set<String> seen = new HashSet<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (seen.size() < 2 && System.nanoTime() < deadline) {
      prober.probe(Duration.ZERO).instance().ifPresent(seen::add);
      if (seen.size() < 2) Thread.sleep(100);
    }
    assertThat(seen).as("both agents in haproxy's rotation within 60 s").hasSize(2);
  }

  private static ManagedProcess agent(Path jar, Path dir, String id, int port) {
    // `env` sets the agent's configuration for the one process (it execs java in place).
    return ManagedProcess.start(id, List.of("env", "PORT=" + port, "BIND_HOST=127.0.0.1", "INSTANCE_ID=" + id,
        "REDIS_HOST=127.0.0.1", "REDIS_PORT=" + redis.port(), "METRICS_ENABLED=false", "DRAIN_SECONDS=0", "ADMIN_PORT=0",
        "java", "-Xmx96m", "-jar", jar.toString()), dir.resolve(id + ".log"));
  }

  @AfterAll
  static void stop() {
    for (int i = processes.size() - 1; i >= 0; i--) processes.get(i).close();
  }

  @Test
  void two_real_agents_behind_a_round_robin_balancer_pass_and_share_the_counter() {
    redis.command("SET", "count", "500"); // after the readiness probes, so the range below is exact
    Cli.Result r = Cli.run("verify", "--url", "http://127.0.0.1:" + balancer + "/", "-n", "20", "--interval", "0ms");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.OK);
    // Round robin gives each agent 10 of the 20; which one answers first depends on where haproxy's rotation
    // stood after the readiness probes above, and the report lists instances in order of first answer.
    assertThat(r.out()).containsAnyOf("instances  2: i-0agent00000000000a (10), i-0agent00000000000b (10)",
            "instances  2: i-0agent00000000000b (10), i-0agent00000000000a (10)")
        .contains("counter    strictly increasing (501 → 520)").contains("errors     0");
    assertThat(redis.command("GET", "count")).isEqualTo("520");
  }

  @Test
  void one_real_agent_alone_fails_verify() {
    Cli.Result r = Cli.run("verify", "--url", "http://127.0.0.1:" + agentA + "/cgi-bin/hello.py", "-n", "3",
        "--interval", "0ms");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.VERIFY_FAILED);
    assertThat(r.out()).contains("FAILED: only 1 instance answered (i-0agent00000000000a), at least 2 expected");
  }
}
