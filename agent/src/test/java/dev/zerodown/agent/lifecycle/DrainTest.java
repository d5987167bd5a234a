package dev.zerodown.agent.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerodown.agent.TestAgent;
import dev.zerodown.testsupport.RedisServer;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Shutdown: ping.py turns 503 at once, everything else is served until the drain period ends. */
class DrainTest {
  @RegisterExtension
  static final RedisServer REDIS = new RedisServer();

  @Test
  void ping_is_503_during_the_drain_while_hello_still_answers_then_the_server_stops() throws Exception {
    TestAgent agent = TestAgent.start(Map.of("REDIS_HOST", REDIS.host(), "REDIS_PORT", String.valueOf(REDIS.port()),
        "INSTANCE_ID", "i-test", "DRAIN_SECONDS", "3"));
    assertThat(agent.get("/cgi-bin/ping.py").statusCode()).isEqualTo(200);
    Thread shutdown = new Thread(() -> agent.agent().shutdown().run("test SIGTERM"));
    shutdown.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (agent.get("/cgi-bin/ping.py").statusCode() != 503 && System.nanoTime() < deadline) Thread.sleep(10);

    HttpResponse<String> ping = agent.get("/cgi-bin/ping.py");
    assertThat(ping.statusCode()).isEqualTo(503);
    assertThat(ping.body()).isEqualTo("<html><body>\n<p>draining</p>\n</body></html>\n");
    HttpResponse<String> hello = agent.get("/cgi-bin/hello.py");
    assertThat(hello.statusCode()).isEqualTo(200);
    assertThat(hello.body()).contains("Hello World!");
    assertThat(shutdown.isAlive()).as("still draining").isTrue();

    shutdown.join(Duration.ofSeconds(30).toMillis());
    assertThat(shutdown.isAlive()).isFalse();
    assertThatThrownBy(() -> agent.get("/cgi-bin/ping.py")).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void a_second_signal_ends_the_drain_early() throws Exception {
    TestAgent agent = TestAgent.start(Map.of("INSTANCE_ID", "i-test", "DRAIN_SECONDS", "600"));
    Shutdown s = agent.agent().shutdown();
    Thread first = new Thread(() -> s.run("SIGTERM"));
    first.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (agent.get("/cgi-bin/ping.py").statusCode() != 503 && System.nanoTime() < deadline) Thread.sleep(10);
    s.run("SIGTERM");
    first.join(Duration.ofSeconds(30).toMillis());
    assertThat(first.isAlive()).as("drain of 600 s cut short").isFalse();
  }
}
