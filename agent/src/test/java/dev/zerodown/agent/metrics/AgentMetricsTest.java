package dev.zerodown.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerodown.agent.counter.CounterUnavailableException;
import dev.zerodown.agent.counter.RedisCounter;
import dev.zerodown.testsupport.FreePort;
import dev.zerodown.testsupport.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The meters record what happens, by route, status, result and instance. */
class AgentMetricsTest {
  @RegisterExtension
  static final RedisServer REDIS = new RedisServer();

  @Test
  void redis_latency_and_errors_are_recorded_by_result() throws Exception {
    AgentMetrics metrics = new AgentMetrics("dev");
    SimpleMeterRegistry seen = new SimpleMeterRegistry();
    metrics.recordTo(seen);
    try (RedisCounter ok = new RedisCounter(REDIS.host(), REDIS.port(), false, null, "m", 500, 2, 0);
         RedisCounter down = new RedisCounter("127.0.0.1", FreePort.pick(), false, null, "m", 200, 2, 0)) {
      // Connected first (readiness records nothing): on a busy machine the first connect can take longer
      // than the timeout, and this test is about what gets recorded, not about start-up speed.
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
      while (ok.notReady().isPresent() && System.nanoTime() < deadline) Thread.sleep(50);
      ok.listener(metrics.redisListener());
      down.listener(metrics.redisListener());
      ok.increment();
      ok.increment();
      assertThatThrownBy(down::increment).isInstanceOf(CounterUnavailableException.class);
    }
    assertThat(seen.get("zerodown.redis.commands").tag("result", "ok").tag("env", "dev").timer().count()).isEqualTo(2);
    assertThat(seen.get("zerodown.redis.commands").tag("result", "error").timer().count()).isEqualTo(1);
    // one after the other: each round trip carried one increment (the failed one included)
    assertThat(seen.get("zerodown.redis.batch.size").tag("env", "dev").summary().count()).isEqualTo(3);
    assertThat(seen.get("zerodown.redis.batch.size").summary().totalAmount()).isEqualTo(3.0);
  }

  @Test
  void a_reset_of_the_redis_connections_is_counted_once_per_failover() throws Exception {
    AgentMetrics metrics = new AgentMetrics("dev");
    SimpleMeterRegistry seen = new SimpleMeterRegistry();
    metrics.recordTo(seen);
    try (RedisCounter counter = new RedisCounter(REDIS.host(), REDIS.port(), false, null, "r", 500, 2, 0)) {
      counter.listener(metrics.redisListener());
      counter.increment();
      REDIS.command("REPLICAOF", "127.0.0.1", "1");
      try {
        assertThatThrownBy(counter::increment).isInstanceOf(CounterUnavailableException.class)
            .hasMessageContaining("READONLY");
      } finally {
        REDIS.command("REPLICAOF", "NO", "ONE");
      }
      counter.increment();
    }
    assertThat(seen.get("zerodown.redis.pool.resets").tag("env", "dev").counter().count()).isEqualTo(1.0);
    assertThat(seen.get("zerodown.redis.commands").tag("result", "error").timer().count()).isEqualTo(1);
  }

  @Test
  void shed_requests_are_counted_by_route() {
    AgentMetrics metrics = new AgentMetrics("prod");
    SimpleMeterRegistry seen = new SimpleMeterRegistry();
    metrics.recordTo(seen);
    metrics.shed(AgentMetrics.Route.HELLO);
    metrics.shed(AgentMetrics.Route.HELLO);
    assertThat(seen.get("zerodown.http.shed").tag("route", "hello").tag("env", "prod").counter().count()).isEqualTo(2);
  }

  @Test
  void http_requests_are_counted_by_route_and_status() {
    AgentMetrics metrics = new AgentMetrics("prod");
    SimpleMeterRegistry seen = new SimpleMeterRegistry();
    metrics.recordTo(seen);
    metrics.httpRequest(AgentMetrics.Route.HELLO, 200, 1_000_000);
    metrics.httpRequest(AgentMetrics.Route.HELLO, 200, 3_000_000);
    metrics.httpRequest(AgentMetrics.Route.OTHER, 404, 1_000_000);
    assertThat(seen.get("zerodown.http.requests").tags("route", "hello", "status", "200", "env", "prod").timer().count())
        .isEqualTo(2);
    assertThat(seen.get("zerodown.http.requests").tags("route", "other", "status", "404").timer().count()).isEqualTo(1);
  }

  @Test
  void hello_increments_carry_the_instance_id() {
    AgentMetrics metrics = new AgentMetrics("dev");
    SimpleMeterRegistry seen = new SimpleMeterRegistry();
    metrics.recordTo(seen);
    metrics.helloIncrement("i-1");
    metrics.helloIncrement("i-1");
    assertThat(seen.get("zerodown.hello.increments").tag("instance", "i-1").counter().count()).isEqualTo(2.0);
  }
}
