package dev.zerodown.agent;

import dev.zerodown.agent.config.Config;
import dev.zerodown.agent.counter.Counter;
import dev.zerodown.agent.counter.MemoryCounter;
import dev.zerodown.agent.counter.RedisCounter;
import dev.zerodown.agent.instance.ImdsLookup;
import dev.zerodown.agent.instance.InstanceIdentity;
import dev.zerodown.agent.lifecycle.Draining;
import dev.zerodown.agent.lifecycle.Shutdown;
import dev.zerodown.agent.metrics.AgentMetrics;
import dev.zerodown.agent.metrics.MetricsPublisher;
import dev.zerodown.agent.web.AdminServer;
import dev.zerodown.agent.web.AgentServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running agent: counter, instance identity, HTTP server, metrics, and its shutdown sequence. */
public final class Agent {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private final Config config;
  private final Counter counter;
  private final InstanceIdentity identity;
  private final AgentServer server;
  /** {@code GET /ready} on 127.0.0.1:ADMIN_PORT; null when ADMIN_PORT is 0. */
  private final AdminServer admin;
  private final AgentMetrics metrics;
  private final MetricsPublisher publisher;
  private final Shutdown shutdown;
  private final Draining draining = new Draining();
  /**
   * Building the CloudWatch client and binding the JVM meters loads several hundred AWS SDK, Micrometer and
   * JMX classes that the AOT cache's training start never loads (it runs without metrics); on two vCPUs that
   * work would compete with the first request, which never needs it. So it waits for the first response,
   * and at most this long. (The IMDS lookup is not deferred: the first hello.py shows its answer.)
   */
  static final Duration METRICS_START_MAX_WAIT = Duration.ofSeconds(2);

  private Agent(Config config, ImdsLookup imds) {
    this.config = config;
    this.identity = config.instanceId().map(InstanceIdentity::fixed).orElseGet(() -> InstanceIdentity.lookup(imds));
    this.metrics = new AgentMetrics(config.envName());
    if (config.usesRedis()) {
      RedisCounter redis = new RedisCounter(config.redisHost().get(), config.redisPort(), config.redisTls(),
          config.redisPassword().orElse(null), config.counterKey(), config.redisTimeoutMillis(), config.httpThreads(),
          config.counterMinReplicas());
      redis.listener(metrics.redisListener());
      this.counter = redis;
    } else {
      LOG.warn("*** REDIS_HOST is not set: the counter lives in this process's memory, is lost on restart and is "
          + "not shared with other instances. Fine for a local run; set REDIS_HOST for anything else. ***");
      this.counter = new MemoryCounter();
    }
    this.server = new AgentServer(config, counter, identity, draining, metrics);
    this.admin = config.hasAdminPort() ? new AdminServer(config.adminPort(), counter) : null;
    this.publisher = new MetricsPublisher(config, identity, metrics);
    this.shutdown = new Shutdown(draining, Duration.ofSeconds(config.drainSeconds()), List.of(
        new Shutdown.Step("stop http server", server::stop),
        new Shutdown.Step("stop admin listener", () -> {
          if (admin != null) admin.stop();
        }),
        new Shutdown.Step("close counter", counter::close),
        new Shutdown.Step("flush metrics", publisher::close)));
  }

  /** An agent ready to {@link #start()}; its shutdown sequence exists already (install signals first). */
  public static Agent create(Config config) {
    return new Agent(config, ImdsLookup.standard());
  }

  /** An agent whose IMDS lookup is {@code imds} (tests point it at a fake). */
  public static Agent create(Config config, ImdsLookup imds) {
    return new Agent(config, imds);
  }

  /**
   * Binds and serves before returning; the IMDS lookup carries on in the background, and the metrics start
   * comes after the first response (or {@link #METRICS_START_MAX_WAIT} after listening, whichever is first).
   */
  public Agent start() {
    int port = server.start();
    String ready = admin == null ? "no admin listener" : "GET /ready on 127.0.0.1:" + admin.start();
    identity.start();
    LOG.info("zerodown agent {} listening on {}:{}{} ({}; {}; {}) {}", version(), config.host(), port,
        server.healthPort() < 0 ? "" : ", health checks on :" + server.healthPort(), ready, counter.describe(),
        config.instanceId().map(id -> "instance id " + id).orElse("instance id from IMDSv2"), startupTimes());
    server.firstResponse().completeOnTimeout(null, METRICS_START_MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS)
        .thenRun(publisher::startInBackground);
    return this;
  }

  public int port() {
    return server.port();
  }

  /** The admin listener's bound port; -1 when there is none (ADMIN_PORT=0). */
  public int adminPort() {
    return admin == null ? -1 : admin.port();
  }

  /** The health-check listener's port (HEALTH_PORT), or -1 when there is none. */
  public int healthPort() {
    return server.healthPort();
  }

  public InstanceIdentity identity() {
    return identity;
  }

  /** The shutdown sequence (drain, stop, close, flush); blocks until done. */
  public Shutdown shutdown() {
    return shutdown;
  }

  /** "after N ms (cpu M ms)" since the JVM started, for the start-up log line. */
  private static String startupTimes() {
    ProcessHandle.Info info = ProcessHandle.current().info();
    String uptime = info.startInstant().map(t -> "after " + java.time.Duration.between(t, java.time.Instant.now()).toMillis()
        + " ms").orElse("");
    return uptime + info.totalCpuDuration().map(d -> " (cpu " + d.toMillis() + " ms)").orElse("");
  }

  static String version() {
    String v = Agent.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
