package dev.zerodown.agent.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.agent.TestAgent;
import dev.zerodown.testsupport.FreePort;
import dev.zerodown.testsupport.RedisServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /ready} on the loopback admin listener: the counter could take an increment, checked without one. */
class ReadinessTest {
  @RegisterExtension
  static final RedisServer REDIS = new RedisServer();

  static final int TIMEOUT_MS = 300;
  /** Slack for a shared, noisy machine: the bound proves "within the timeout", not speed. */
  static final Duration SLACK = Duration.ofSeconds(2);

  static TestAgent agent;

  @BeforeAll
  static void start() {
    agent = TestAgent.start(Map.of("REDIS_HOST", REDIS.host(), "REDIS_PORT", String.valueOf(REDIS.port()),
        "INSTANCE_ID", "i-test", "REDIS_TIMEOUT_MS", String.valueOf(TIMEOUT_MS),
        "ADMIN_PORT", String.valueOf(FreePort.pick())));
  }

  @AfterAll
  static void stop() {
    agent.close();
  }

  @Test
  void ready_is_200_when_redis_answers_as_primary_and_never_moves_the_counter() {
    REDIS.command("SET", "count", "41");
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> r = agent.admin("GET", "/ready");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("ready\n");
    }
    assertThat(REDIS.command("GET", "count")).isEqualTo("41");
  }

  @Test
  void ready_is_503_with_a_one_line_reason_while_redis_is_a_replica() {
    REDIS.command("REPLICAOF", "127.0.0.1", "1");
    try {
      HttpResponse<String> r = agent.admin("GET", "/ready");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).startsWith("not ready: redis 127.0.0.1:" + REDIS.port())
          .contains("ROLE is slave").endsWith("\n").hasLineCount(1);
    } finally {
      REDIS.command("REPLICAOF", "NO", "ONE");
    }
    assertThat(agent.admin("GET", "/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void ready_is_503_within_the_timeout_while_redis_is_down_and_200_again_after() {
    REDIS.outage();
    try {
      long t0 = System.nanoTime();
      HttpResponse<String> r = agent.admin("GET", "/ready");
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).startsWith("not ready: redis 127.0.0.1:" + REDIS.port()).hasLineCount(1)
          .doesNotContain("Exception\n").doesNotContain("\tat ");
      assertThat(took).isLessThan(Duration.ofMillis(TIMEOUT_MS).plus(SLACK));
      assertThat(agent.get("/cgi-bin/ping.py").statusCode()).isEqualTo(200);
    } finally {
      REDIS.recover();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int status = agent.admin("GET", "/ready").statusCode();
    while (status != 200 && System.nanoTime() < deadline) status = agent.admin("GET", "/ready").statusCode();
    assertThat(status).isEqualTo(200);
  }

  @Test
  void ready_is_not_served_on_the_public_port() {
    HttpResponse<String> r = agent.get("/ready");
    assertThat(r.statusCode()).isEqualTo(404);
  }

  @Test
  void the_admin_listener_serves_only_get_and_head_of_ready() {
    assertThat(agent.admin("GET", "/cgi-bin/hello.py").statusCode()).isEqualTo(404);
    assertThat(agent.admin("GET", "/").statusCode()).isEqualTo(404);
    assertThat(agent.admin("POST", "/ready").statusCode()).isEqualTo(405);
    HttpResponse<String> head = agent.admin("HEAD", "/ready");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void with_the_in_memory_counter_ready_is_always_200_and_counts_nothing() {
    try (TestAgent memory = TestAgent.start(Map.of("INSTANCE_ID", "i-mem", "ADMIN_PORT", String.valueOf(FreePort.pick())))) {
      assertThat(memory.admin("GET", "/ready").statusCode()).isEqualTo(200);
      assertThat(memory.admin("GET", "/ready").statusCode()).isEqualTo(200);
      assertThat(memory.get("/cgi-bin/hello.py").body()).contains("counter: 1<br />");
    }
  }
}
