package dev.zerodown.agent.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.agent.TestAgent;
import dev.zerodown.testsupport.RedisServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Overload (issue 18): the health-check listener answers for the agent on its own port, and hello.py sheds
 * load with a 503 at once for a request that has waited too long for a worker.
 */
class OverloadTest {
  @RegisterExtension
  static final RedisServer REDIS = new RedisServer();

  static final String OVERLOADED = "<html><body>\n<p>overloaded, retry</p>\n</body></html>\n";

  private static Map<String, String> redis(Map<String, String> more) {
    Map<String, String> env = new java.util.HashMap<>(Map.of("REDIS_HOST", REDIS.host(),
        "REDIS_PORT", String.valueOf(REDIS.port()), "INSTANCE_ID", "i-test"));
    env.putAll(more);
    return env;
  }

  @Test
  void the_health_port_answers_ping_py_like_the_public_port_and_404_to_everything_else() {
    REDIS.command("SET", "count", "10");
    try (TestAgent agent = TestAgent.start(redis(Map.of("HEALTH_PORT", "0")))) {
      assertThat(agent.agent().healthPort()).isPositive().isNotEqualTo(agent.agent().port());
      HttpResponse<String> ping = agent.healthGet("/cgi-bin/ping.py");
      assertThat(ping.statusCode()).isEqualTo(200);
      assertThat(ping.body()).isEqualTo("<html><body>\n<p>ok</p>\n</body></html>\n");
      HttpResponse<String> hello = agent.healthGet("/cgi-bin/hello.py");
      assertThat(hello.statusCode()).isEqualTo(404);
      assertThat(hello.body()).isEqualTo("Not Found\n");
      assertThat(REDIS.command("GET", "count")).as("hello.py on the health port did no increment").isEqualTo("10");
      assertThat(agent.get("/cgi-bin/hello.py").body()).contains("counter: 11<br />");
    }
  }

  @Test
  void without_health_port_there_is_no_health_listener() {
    try (TestAgent agent = TestAgent.start(redis(Map.of()))) {
      assertThat(agent.agent().healthPort()).isEqualTo(-1);
    }
  }

  @Test
  void the_health_port_answers_503_at_once_when_the_drain_starts() throws Exception {
    TestAgent agent = TestAgent.start(redis(Map.of("HEALTH_PORT", "0", "DRAIN_SECONDS", "3")));
    assertThat(agent.healthGet("/cgi-bin/ping.py").statusCode()).isEqualTo(200);
    Thread shutdown = new Thread(() -> agent.agent().shutdown().run("test SIGTERM"));
    shutdown.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (agent.healthGet("/cgi-bin/ping.py").statusCode() != 503 && System.nanoTime() < deadline) Thread.sleep(10);
    HttpResponse<String> ping = agent.healthGet("/cgi-bin/ping.py");
    assertThat(ping.statusCode()).isEqualTo(503);
    assertThat(ping.body()).isEqualTo("<html><body>\n<p>draining</p>\n</body></html>\n");
    assertThat(shutdown.isAlive()).as("still draining").isTrue();
    shutdown.join(Duration.ofSeconds(30).toMillis());
    assertThat(shutdown.isAlive()).isFalse();
  }

  /**
   * 8 workers (6 once the acceptor and selector have theirs) stuck in INCR while Redis pauses writes for
   * 1.5 s, and 66 requests on their own connections: those that found no worker wait in the queue past
   * AgentServer.MAX_QUEUE_WAIT, and are shed once Redis is back; those in INCR finish with 200.
   */
  @Test
  void hello_py_that_waited_too_long_for_a_worker_answers_503_with_retry_after_and_the_admitted_ones_finish()
      throws Exception {
    REDIS.command("SET", "count", "0");
    try (TestAgent agent = TestAgent.start(redis(Map.of("HTTP_THREADS", "8", "REDIS_TIMEOUT_MS", "10000")))) {
      assertThat(agent.get("/cgi-bin/hello.py").statusCode()).isEqualTo(200);
      REDIS.command("CLIENT", "PAUSE", "1500", "WRITE");
      List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
      for (int i = 0; i < 66; i++) {
        sent.add(TestAgent.HTTP.sendAsync(HttpRequest.newBuilder(agent.uri("/cgi-bin/hello.py"))
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      List<HttpResponse<String>> all = sent.stream().map(CompletableFuture::join).toList();
      List<HttpResponse<String>> shed = all.stream().filter(r -> r.statusCode() == 503).toList();
      long ok = all.stream().filter(r -> r.statusCode() == 200).count();

      assertThat(all).extracting(HttpResponse::statusCode).as("only 200 or 503").containsOnly(200, 503);
      assertThat(shed).as("some requests shed").isNotEmpty();
      assertThat(shed).allSatisfy(r -> {
        assertThat(r.body()).isEqualTo(OVERLOADED);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
      });
      assertThat(ok).as("the requests admitted were served").isPositive();
      assertThat(Long.parseLong(REDIS.command("GET", "count"))).as("one increment per 200, none per 503")
          .isEqualTo(1 + ok);
      assertThat(agent.get("/cgi-bin/hello.py").statusCode()).as("served normally right after").isEqualTo(200);
    }
  }
}
