package dev.zerodown.agent.counter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.agent.TestAgent;
import dev.zerodown.testsupport.RedisServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Redis goes away and comes back while the agent keeps running. */
class RedisOutageTest {
  @RegisterExtension
  static final RedisServer REDIS = new RedisServer();

  static final int TIMEOUT_MS = 300;
  /** Generous slack for a shared, noisy machine: the bound proves "within the timeout", not speed. */
  static final Duration SLACK = Duration.ofSeconds(3);

  static TestAgent agent;

  @BeforeAll
  static void start() {
    agent = TestAgent.start(Map.of("REDIS_HOST", REDIS.host(), "REDIS_PORT", String.valueOf(REDIS.port()),
        "INSTANCE_ID", "i-test", "REDIS_TIMEOUT_MS", String.valueOf(TIMEOUT_MS)));
  }

  @AfterAll
  static void stop() {
    agent.close();
  }

  @Test
  void redis_down_gives_503_within_the_timeout_ping_stays_200_and_hello_recovers_without_restart() {
    REDIS.command("SET", "count", "10");
    for (int i = 0; i < 5; i++) assertThat(agent.get("/cgi-bin/hello.py").statusCode()).isEqualTo(200);

    REDIS.outage();
    try {
      for (int i = 0; i < 5; i++) {
        long t0 = System.nanoTime();
        HttpResponse<String> r = agent.get("/cgi-bin/hello.py");
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("counter unavailable").doesNotContain("Exception").hasSizeLessThan(200);
        assertThat(took).isLessThan(Duration.ofMillis(TIMEOUT_MS).plus(SLACK));
      }
      HttpResponse<String> ping = agent.get("/cgi-bin/ping.py");
      assertThat(ping.statusCode()).isEqualTo(200);
    } finally {
      REDIS.recover();
    }

    // Back on the same port with the same data: the very next requests succeed, counting on from 15.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    HttpResponse<String> r = agent.get("/cgi-bin/hello.py");
    while (r.statusCode() != 200 && System.nanoTime() < deadline) r = agent.get("/cgi-bin/hello.py");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("counter: 16<br />");
    for (int i = 0; i < 5; i++) assertThat(agent.get("/cgi-bin/hello.py").statusCode()).isEqualTo(200);
    assertThat(REDIS.command("GET", "count")).isEqualTo("21");
  }

  @Test
  void redis_too_slow_gives_503_within_the_timeout_then_recovers() {
    REDIS.command("SET", "slow", "1");
    // CLIENT PAUSE holds every write command (INCR) for 3 s: Redis is up but does not answer in time.
    REDIS.command("CLIENT", "PAUSE", "3000", "WRITE");
    long t0 = System.nanoTime();
    HttpResponse<String> r = agent.get("/cgi-bin/hello.py");
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(took).isLessThan(Duration.ofMillis(TIMEOUT_MS).plus(SLACK));
    assertThat(agent.get("/cgi-bin/ping.py").statusCode()).isEqualTo(200);
    REDIS.command("CLIENT", "UNPAUSE");

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int status = agent.get("/cgi-bin/hello.py").statusCode();
    while (status != 200 && System.nanoTime() < deadline) status = agent.get("/cgi-bin/hello.py").statusCode();
    assertThat(status).isEqualTo(200);
  }
}
