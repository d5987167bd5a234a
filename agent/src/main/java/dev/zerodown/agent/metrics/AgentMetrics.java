package dev.zerodown.agent.metrics;

import dev.zerodown.agent.counter.RedisCounter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The agent's meters. Nothing is recorded (and no Micrometer class is loaded) until publishing starts
 * with {@link #recordTo}, which happens off the start-up path. Names and tags: docs/metrics.md.
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

  private final String env;
  private volatile Meters meters;

  public AgentMetrics(String env) {
    this.env = env;
  }

  /** Starts recording into {@code registry}, with {@code env} as its one common tag. */
  public void recordTo(MeterRegistry registry) {
    registry.config().commonTags("env", env);
    meters = new Meters(registry);
  }

  public void httpRequest(Route route, int status, long nanos) {
    Meters m = meters;
    if (m != null) m.http(route, status, nanos);
  }

  /** One request answered 503 by the load shedder, without doing its work. */
  public void shed(Route route) {
    Meters m = meters;
    if (m != null) m.shed(route);
  }

  /** One hello.py increment served by {@code instanceId} (the one metric tagged by instance). */
  public void helloIncrement(String instanceId) {
    Meters m = meters;
    if (m != null) m.hello(instanceId);
  }

  /** Records Redis command latency and errors (meters appear only once the counter talks to Redis). */
  public RedisCounter.Listener redisListener() {
    return new RedisCounter.Listener() {
      @Override
      public void command(long nanos, boolean failed) {
        Meters m = meters;
        if (m != null) m.redis(nanos, failed);
      }

      @Override
      public void batch(int size) {
        Meters m = meters;
        if (m != null) m.batch(size);
      }

      @Override
      public void skipped(int values) {
        Meters m = meters;
        if (m != null) m.skipped(values);
      }

      @Override
      public void poolReset() {
        Meters m = meters;
        if (m != null) m.poolReset();
      }
    };
  }

  /** The meters themselves, created once a registry exists. */
  private static final class Meters {
    private final MeterRegistry registry;
    private final ConcurrentHashMap<Integer, Timer> httpTimers = new ConcurrentHashMap<>();
    private volatile HelloCounter hello;
    private volatile Timer redisOk;
    private volatile Timer redisError;
    private volatile Counter poolResets;
    private final ConcurrentHashMap<Route, Counter> shedCounters = new ConcurrentHashMap<>();
    private volatile DistributionSummary batchSize;
    private volatile Counter skippedValues;

    private record HelloCounter(String instanceId, Counter counter) {}

    Meters(MeterRegistry registry) {
      this.registry = registry;
    }

    void http(Route route, int status, long nanos) {
      int key = route.ordinal() * 1000 + status;
      Timer t = httpTimers.get(key);
      if (t == null) {
        t = httpTimers.computeIfAbsent(key, k -> Timer.builder("zerodown.http.requests")
            .description("HTTP requests by route and status").tag("route", route.tag)
            .tag("status", Integer.toString(status)).register(registry));
      }
      t.record(nanos, TimeUnit.NANOSECONDS);
    }

    void shed(Route route) {
      Counter c = shedCounters.get(route);
      if (c == null) {
        c = shedCounters.computeIfAbsent(route, k -> Counter.builder("zerodown.http.shed")
            .description("requests answered 503 by the load shedder").tag("route", route.tag).register(registry));
      }
      c.increment();
    }

    void hello(String instanceId) {
      HelloCounter h = hello;
      if (h == null || !h.instanceId.equals(instanceId)) {
        h = new HelloCounter(instanceId, Counter.builder("zerodown.hello.increments")
            .description("counter increments served by hello.py").tag("instance", instanceId).register(registry));
        hello = h;
      }
      h.counter.increment();
    }

    void batch(int size) {
      DistributionSummary b = batchSize;
      if (b == null) {
        // A summary without percentiles: count, sum and max are what CloudWatch gets (mean = sum / count).
        b = DistributionSummary.builder("zerodown.redis.batch.size")
            .description("hello.py increments per INCRBY round trip (group commit)").register(registry);
        batchSize = b;
      }
      b.record(size);
    }

    void skipped(int values) {
      Counter c = skippedValues;
      if (c == null) {
        c = Counter.builder("zerodown.counter.skipped")
            .description("counter values the key consumed but no request was served (it had answered 503)")
            .register(registry);
        skippedValues = c;
      }
      c.increment(values);
    }

    void poolReset() {
      Counter c = poolResets;
      if (c == null) {
        c = Counter.builder("zerodown.redis.pool.resets")
            .description("times every Redis connection was dropped (connection error or a node that is not the primary)")
            .register(registry);
        poolResets = c;
      }
      c.increment();
    }

    void redis(long nanos, boolean failed) {
      Timer t = failed ? redisError : redisOk;
      if (t == null) {
        t = Timer.builder("zerodown.redis.commands").description("Redis round trips of increments (one INCRBY per batch)")
            .tag("result", failed ? "error" : "ok").register(registry);
        if (failed) redisError = t;
        else redisOk = t;
      }
      t.record(nanos, TimeUnit.NANOSECONDS);
    }
  }
}
