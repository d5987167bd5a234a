package dev.zerodown.agent.metrics;

import dev.zerodown.agent.counter.RedisCounter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The agent's meters, on a composite registry that records nothing until a publishing registry
 * (CloudWatch) is added to it, which happens off the start-up path. Names and tags: docs/metrics.md.
 */
public final class AgentMetrics {
  /** Route tag values: the two pages and everything else (bounded, so the metric count stays fixed). */
  public enum Route {
    HELLO("hello"), PING("ping"), OTHER("other");

    final String tag;

    Route(String tag) {
      this.tag = tag;
    }
  }

  private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
  private final ConcurrentHashMap<Integer, Timer> httpTimers = new ConcurrentHashMap<>();
  private volatile HelloCounter hello;

  private record HelloCounter(String instanceId, Counter counter) {}

  public AgentMetrics(String env) {
    registry.config().commonTags("env", env);
  }

  /** The registry publishing registries are added to. */
  public CompositeMeterRegistry registry() {
    return registry;
  }

  /** Adds a publishing registry; meters created before it start reporting to it too. */
  public void publishTo(MeterRegistry child) {
    registry.add(child);
  }

  public void httpRequest(Route route, int status, long nanos) {
    int key = route.ordinal() * 1000 + status;
    Timer t = httpTimers.get(key);
    if (t == null) {
      t = httpTimers.computeIfAbsent(key, k -> Timer.builder("zerodown.http.requests")
          .description("HTTP requests by route and status").tag("route", route.tag)
          .tag("status", Integer.toString(status)).register(registry));
    }
    t.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** One hello.py increment served by {@code instanceId} (the one metric tagged by instance). */
  public void helloIncrement(String instanceId) {
    HelloCounter h = hello;
    if (h == null || !h.instanceId.equals(instanceId)) {
      h = new HelloCounter(instanceId, Counter.builder("zerodown.hello.increments")
          .description("counter increments served by hello.py").tag("instance", instanceId).register(registry));
      hello = h;
    }
    h.counter.increment();
  }

  /** Records Redis command latency and errors (registered only when the counter is in Redis). */
  public RedisCounter.Listener redisListener() {
    Timer ok = Timer.builder("zerodown.redis.commands").description("Redis INCR latency")
        .tag("result", "ok").register(registry);
    Timer error = Timer.builder("zerodown.redis.commands").description("Redis INCR latency")
        .tag("result", "error").register(registry);
    return (nanos, failed) -> (failed ? error : ok).record(nanos, TimeUnit.NANOSECONDS);
  }

  public void close() {
    registry.close();
  }
}
