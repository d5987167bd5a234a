package dev.zerodown.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.agent.instance.FakeImds;
import dev.zerodown.testsupport.AgentProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged jar: start-up from the environment, bad configuration, IMDS through the SDK's variable. */
class MainIT {
  @Test
  void a_bad_value_exits_2_with_one_line_and_no_stack_trace() {
    try (AgentProcess agent = AgentProcess.launch().env(Map.of("PORT", "abc")).start()) {
      assertThat(agent.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(agent.logLines()).containsExactly("zerodown-agent: PORT must be 1-65535: abc");
    }
  }

  @Test
  void a_port_in_use_exits_1_with_one_line_saying_what_to_do() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         AgentProcess agent = AgentProcess.launch().env(Map.of("PORT", String.valueOf(taken.getLocalPort()),
             "INSTANCE_ID", "i-x", "METRICS_ENABLED", "false")).start()) {
      assertThat(agent.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(agent.log()).contains("zerodown-agent: cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .contains("set PORT to a free port").doesNotContain("\tat ").doesNotContain("Failed to start Javalin");
      assertThat(agent.logLines()).filteredOn(l -> l.contains("ERROR") || l.startsWith("zerodown-agent:"))
          .as(agent.log()).hasSize(1);
    }
  }

  @Test
  void an_admin_port_in_use_exits_1_with_one_line_saying_what_to_do() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         AgentProcess agent = AgentProcess.launch().env(Map.of("ADMIN_PORT", String.valueOf(taken.getLocalPort()),
             "INSTANCE_ID", "i-x", "METRICS_ENABLED", "false")).start()) {
      assertThat(agent.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(agent.log()).contains("zerodown-agent: cannot listen on 127.0.0.1:" + taken.getLocalPort()
              + " for the admin listener")
          .contains("set ADMIN_PORT to a free port, or 0 for none").doesNotContain("\tat ");
    }
  }

  @Test
  void without_redis_host_the_counter_is_in_memory_with_one_loud_warning() {
    try (AgentProcess agent = AgentProcess.launch().env(Map.of("INSTANCE_ID", "i-local", "METRICS_ENABLED", "false")).startReady()) {
      assertThat(agent.get("/cgi-bin/hello.py").body()).contains("counter: 1<br />");
      assertThat(agent.get("/cgi-bin/hello.py").body()).contains("counter: 2<br />");
      assertThat(agent.logLines()).filteredOn(l -> l.contains("REDIS_HOST is not set")).hasSize(1)
          .allMatch(l -> l.contains("WARN"));
    }
  }

  @Test
  void instance_id_comes_from_imdsv2_at_the_sdk_endpoint_variable() {
    try (FakeImds imds = new FakeImds("i-0123456789abcdef0", "eu-west-3");
         AgentProcess agent = AgentProcess.launch().env(Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.endpoint().toString(),
             "METRICS_ENABLED", "false")).startReady()) {
      // The page waits at most ~2.5 s for the background lookup and then shows the host name (by design: a
      // slow IMDS must not hold hello.py). What this test proves is where the id comes from, not how fast a
      // loaded test machine loads the SDK's IMDS client: wait for the lookup to finish, then ask the page.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (agent.logLines().stream().noneMatch(l -> l.contains("instance id i-0123456789abcdef0 from IMDSv2"))
          && System.nanoTime() < deadline) {
        AgentProcess.sleep(50);
      }
      assertThat(agent.get("/cgi-bin/hello.py").body()).contains("Id: i-0123456789abcdef0\n");
    }
  }
}
