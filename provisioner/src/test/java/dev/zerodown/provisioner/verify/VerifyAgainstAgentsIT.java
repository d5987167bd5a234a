package dev.zerodown.provisioner.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.testsupport.AgentProcess;
import dev.zerodown.testsupport.Haproxy;
import dev.zerodown.testsupport.RedisServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * verify against the real thing on loopback: two agent processes (the agent.jar this provisioner bundles) sharing
 * one real redis-server, behind haproxy balancing round robin like the ALB. An *IT: the agent jar is bundled at
 * prepare-package.
 */
class VerifyAgainstAgentsIT {
  @RegisterExtension
  static final RedisServer redis = new RedisServer();

  private static AgentProcess agentA;
  private static AgentProcess agentB;
  private static Haproxy balancer;

  @BeforeAll
  static void start() throws Exception {
    // failsafe runs against the packaged provisioner.jar: take the agent jar out of it, byte for byte.
    Path dir = Files.createDirectories(Path.of("target", "verify-against-agents"));
    Path jar = dir.resolve("agent.jar");
    try (InputStream bundled = VerifyAgainstAgentsIT.class.getClassLoader().getResourceAsStream("agent/agent.jar")) {
      assertThat(bundled).as("agent/agent.jar is bundled: build with ./mvnw -pl provisioner -am verify").isNotNull();
      Files.copy(bundled, jar, StandardCopyOption.REPLACE_EXISTING);
    }
    AgentProcess.Launch launch = AgentProcess.launch(jar).redis(redis.host(), redis.port())
        .env(Map.of("METRICS_ENABLED", "false", "DRAIN_SECONDS", "0"));
    agentA = launch.instanceId("i-0agent00000000000a").start();
    agentB = launch.instanceId("i-0agent00000000000b").start();
    agentA.awaitReady();
    agentB.awaitReady();
    Map<String, Integer> servers = new LinkedHashMap<>();
    servers.put("a", agentA.port());
    servers.put("b", agentB.port());
    balancer = Haproxy.start(servers, Haproxy.HealthTiming.FAST, dir);
    // Fresh JVMs on a busy machine can miss a first health check: wait (bounded) until both are in rotation.
    balancer.await("a", "UP", Duration.ofSeconds(30));
    balancer.await("b", "UP", Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    if (balancer != null) balancer.close();
    if (agentA != null) agentA.close();
    if (agentB != null) agentB.close();
  }

  @Test
  void two_real_agents_behind_a_round_robin_balancer_pass_and_share_the_counter() {
    redis.command("SET", "count", "500"); // after the readiness probes, so the range below is exact
    Cli.Result r = Cli.run("verify", "--url", "http://127.0.0.1:" + balancer.port() + "/", "-n", "20", "--interval", "0ms");
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
    Cli.Result r = Cli.run("verify", "--url", "http://127.0.0.1:" + agentA.port() + "/cgi-bin/hello.py", "-n", "3",
        "--interval", "0ms");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.VERIFY_FAILED);
    assertThat(r.out()).contains("FAILED: only 1 instance answered (i-0agent00000000000a), at least 2 expected");
  }
}
