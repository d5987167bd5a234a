package dev.zerodown.agent.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.agent.TestAgent;
import dev.zerodown.testsupport.AgentProcess;
import dev.zerodown.testsupport.RedisServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SIGTERM to the real jar process: drain, graceful stop that finishes requests in flight, exit 0. */
class SigtermIT {
  @RegisterExtension
  static final RedisServer REDIS = new RedisServer();

  static final int IN_FLIGHT = 16;

  @Test
  void sigterm_drains_finishes_in_flight_requests_and_exits_0() throws Exception {
    REDIS.command("SET", "count", "500");
    try (AgentProcess agent = AgentProcess.launch().env(Map.of("REDIS_HOST", REDIS.host(),
        "REDIS_PORT", String.valueOf(REDIS.port()), "INSTANCE_ID", "i-sigterm", "METRICS_ENABLED", "false",
        "DRAIN_SECONDS", "4", "REDIS_TIMEOUT_MS", "20000")).startReady()) {
      assertThat(agent.get("/cgi-bin/hello.py").body()).contains("counter: 501<br />");

      agent.sigterm();
      long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (agent.get("/cgi-bin/ping.py").statusCode() != 503 && System.nanoTime() < deadline) Thread.sleep(10);
      assertThat(agent.get("/cgi-bin/ping.py").statusCode()).as("ping during drain").isEqualTo(503);
      assertThat(agent.get("/cgi-bin/hello.py").statusCode()).as("hello during drain").isEqualTo(200);

      // Hold every INCR in Redis for 6 s, past the end of the drain: the requests below are in flight
      // when the server stops, and a graceful stop must still answer each of them.
      REDIS.command("CLIENT", "PAUSE", "6000", "WRITE");
      List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
      for (int i = 0; i < IN_FLIGHT; i++) {
        inFlight.add(TestAgent.HTTP.sendAsync(HttpRequest.newBuilder(agent.uri("/cgi-bin/hello.py"))
            .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString()));
      }
      Thread.sleep(500);
      assertThat(inFlight).noneMatch(CompletableFuture::isDone);

      int exit = agent.awaitExit(Duration.ofSeconds(40));
      List<Long> counters = new ArrayList<>();
      Pattern p = Pattern.compile("counter: (\\d+)<br />");
      for (CompletableFuture<HttpResponse<String>> f : inFlight) {
        HttpResponse<String> r = f.get(5, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as("in-flight request; log:\n" + agent.log()).isEqualTo(200);
        Matcher m = p.matcher(r.body());
        assertThat(m.find()).isTrue();
        counters.add(Long.parseLong(m.group(1)));
      }
      assertThat(exit).as("exit status; log:\n" + agent.log()).isZero();
      assertThat(counters).doesNotHaveDuplicates().hasSize(IN_FLIGHT);
      assertThat(REDIS.command("GET", "count")).isEqualTo(String.valueOf(502 + IN_FLIGHT));
      assertThat(agent.log()).contains("SIGTERM").doesNotContain("Exception");
    }
  }

  @Test
  void a_first_ctrl_c_says_how_long_it_drains_and_a_second_one_stops_at_once() throws Exception {
    try (AgentProcess agent = AgentProcess.launch().env(Map.of("INSTANCE_ID", "i-x", "METRICS_ENABLED", "false",
        "DRAIN_SECONDS", "600")).startReady()) {
      agent.sigint();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!agent.log().contains("Ctrl-C again") && System.nanoTime() < deadline) Thread.sleep(20);
      assertThat(agent.logLines()).as(agent.log())
          .anyMatch(l -> l.endsWith("SIGINT: draining 600 s (ping.py 503); Ctrl-C again stops now"));
      assertThat(agent.get("/cgi-bin/ping.py").statusCode()).isEqualTo(503);
      agent.sigint();
      // far inside the 600 s drain: the second Ctrl-C ended it
      assertThat(agent.awaitExit(Duration.ofSeconds(30))).as(agent.log()).isZero();
    }
  }

  @Test
  void sigterm_with_no_drain_exits_0_promptly() {
    try (AgentProcess agent = AgentProcess.launch().env(Map.of("INSTANCE_ID", "i-x", "METRICS_ENABLED", "false",
        "DRAIN_SECONDS", "0")).startReady()) {
      agent.sigterm();
      assertThat(agent.awaitExit(Duration.ofSeconds(30))).as(agent.log()).isZero();
    }
  }
}
