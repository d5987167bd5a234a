package dev.zerodown.agent.web;

import dev.zerodown.agent.config.Config;
import dev.zerodown.agent.log.LogLimiter;
import dev.zerodown.agent.counter.Counter;
import dev.zerodown.agent.counter.CounterUnavailableException;
import dev.zerodown.agent.instance.InstanceIdentity;
import dev.zerodown.agent.lifecycle.Draining;
import dev.zerodown.agent.metrics.AgentMetrics;
import dev.zerodown.agent.metrics.AgentMetrics.Route;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP side: Javalin on its own Jetty connector, serving hello.py and ping.py. */
public final class AgentServer {
  private static final Logger LOG = LoggerFactory.getLogger(AgentServer.class);
  static final String HELLO = "/cgi-bin/hello.py";
  static final String PING = "/cgi-bin/ping.py";
  /** Above the ALB's 60 s idle timeout, so the balancer, not the agent, closes idle connections. */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(75);
  /** How long a graceful stop waits for requests in flight. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  /** How long hello.py waits for the first instance id lookup (IMDS) before showing the host name. */
  static final long INSTANCE_ID_WAIT_MILLIS = 2500;

  // Overload limits (issue 18). The budget they add up to is in README "Overload" and docs/failover.md.
  /**
   * Open connections on the public port, beyond which Jetty stops accepting (new ones wait in the
   * kernel's accept queue, then in SYN retries; none costs the JVM anything). An idle keep-alive
   * connection costs about 4 KiB of heap with the header cache off (4000 idle ones after a request each:
   * 6 -> 23 MiB live), so 5000 take ~21 MiB of the 64 MiB heap and leave room for the work; the unit's
   * LimitNOFILE (65536) is far above it.
   */
  static final int MAX_CONNECTIONS = 5000;
  /**
   * While at the limit, idle connections are closed after this long instead of {@link #IDLE_TIMEOUT}, so
   * that clients holding connections without using them make room for those with requests.
   */
  static final Duration IDLE_TIMEOUT_AT_LIMIT = Duration.ofSeconds(5);
  /** The listen backlog: a burst of new connections waits in the kernel instead of being dropped (capped by somaxconn). */
  static final int ACCEPT_QUEUE = 1024;
  /**
   * Jetty's per-connection header-field cache is a 96 KiB trie per connection (1024 x 48 chars): at 1000
   * connections alone that filled the 64 MiB heap. Off: each request allocates its few header fields anew.
   */
  static final int HEADER_CACHE = 0;
  /**
   * A hello.py request that waited longer than this for a worker is shed. Long enough that a burst which
   * the machine can serve is served (at 64 connections a request waits about a millisecond; 1000 waiting
   * requests take ~150 ms at full speed), short enough that an admitted request is still a fast page
   * and the queue holds no more than a quarter second of work.
   */
  static final Duration MAX_QUEUE_WAIT = Duration.ofMillis(250);
  /**
   * Jobs waiting for a worker, per worker, above which the agent counts as saturated and may shed: more
   * connections have a request ready than the workers can take at once, twice over. The benchmark's 64
   * connections on 64 threads never get there, however busy the machine.
   */
  static final int SATURATED_QUEUE_PER_THREAD = 2;
  /** Health-check listener: one selector thread that also accepts, and three workers for ping.py. */
  static final int HEALTH_THREADS = 4;
  static final String PUBLIC_CONNECTOR = "public";
  static final String HEALTH_CONNECTOR = "health";
  /** The load balancer's nodes (a few per AZ) each check every target; this is plenty and bounds it. */
  static final int HEALTH_MAX_CONNECTIONS = 64;
  /** Health checks open a connection per check (ALB); an idle one is closed soon. */
  static final Duration HEALTH_IDLE_TIMEOUT = Duration.ofSeconds(10);

  private final Config config;
  private final Counter counter;
  private final InstanceIdentity identity;
  private final Draining draining;
  private final AgentMetrics metrics;
  private final HelloPage helloPage;
  private final CompletableFuture<Void> firstResponse = new CompletableFuture<>();
  private Javalin app;
  private ServerConnector publicConnector;
  private ServerConnector healthConnector;

  public AgentServer(Config config, Counter counter, InstanceIdentity identity, Draining draining, AgentMetrics metrics) {
    this.config = config;
    this.counter = counter;
    this.identity = identity;
    this.draining = draining;
    this.metrics = metrics;
    this.helloPage = new HelloPage(config.envName());
  }

  /** Binds and starts serving; returns the bound port. */
  public int start() {
    app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.startup.showOldJavalinVersionWarning = false;
      cfg.startup.startupWatcherEnabled = false;
      cfg.http.prefer405over404 = true;
      cfg.http.compressionStrategy = CompressionStrategy.NONE;
      cfg.http.generateEtags = false;
      cfg.http.defaultContentType = Pages.TEXT;
      WaitTimingPool pool = new WaitTimingPool(config.httpThreads(), Math.min(8, config.httpThreads()), 60_000);
      pool.setName("http");
      cfg.jetty.threadPool = pool;
      cfg.jetty.modifyHttpConfiguration(http -> {
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setHeaderCacheSize(HEADER_CACHE);
      });
      cfg.jetty.addConnector((server, http) -> {
        publicConnector = new ServerConnector(server, new HttpConnectionFactory(http));
        publicConnector.setName(PUBLIC_CONNECTOR);
        publicConnector.setHost(config.host());
        publicConnector.setPort(config.port());
        publicConnector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        publicConnector.setAcceptQueueSize(ACCEPT_QUEUE);
        NetworkConnectionLimit limit = new NetworkConnectionLimit(MAX_CONNECTIONS, publicConnector);
        limit.setEndPointIdleTimeout(IDLE_TIMEOUT_AT_LIMIT.toMillis());
        server.addBean(limit);
        bind(publicConnector);
        return publicConnector;
      });
      if (config.healthPort().isPresent()) {
        cfg.jetty.addConnector((server, http) -> healthConnector(server, http, config.healthPort().getAsInt()));
      }
      cfg.jetty.modifyServer(server -> {
        server.insertHandler(new GracefulHandler());
        server.insertHandler(new LoadShedder(WaitTimingPool::takeWait, pool::getQueueSize, MAX_QUEUE_WAIT,
            SATURATED_QUEUE_PER_THREAD * config.httpThreads(), metrics));
        if (config.healthPort().isPresent()) server.insertHandler(new HealthPortOnly(HEALTH_CONNECTOR));
        server.setStopTimeout(STOP_TIMEOUT.toMillis());
        server.setStopAtShutdown(false);
        server.setErrorHandler(new TerseErrors());
      });
      cfg.requestLogger.http((ctx, ms) -> {
        metrics.httpRequest(route(ctx), ctx.statusCode(), (long) (ms * 1_000_000));
        if (!firstResponse.isDone()) firstResponse.complete(null);
      });

      cfg.routes.get(PING, this::ping);
      cfg.routes.head(PING, this::ping);
      cfg.routes.get(HELLO, this::hello);
      cfg.routes.head(HELLO, this::helloHead);
      cfg.routes.error(404, ctx -> ctx.contentType(Pages.TEXT).result(Pages.NOT_FOUND));
      cfg.routes.error(405, ctx -> ctx.contentType(Pages.TEXT).result(Pages.METHOD_NOT_ALLOWED));
      cfg.routes.exception(Exception.class, (e, ctx) -> {
        LOG.error("{} {} failed: {}", ctx.method(), ctx.path(), e.toString());
        ctx.status(500).contentType(Pages.TEXT).result(Pages.SERVER_ERROR);
      });
    });
    app.start();
    return port();
  }

  /**
   * The health-check listener: ping.py on its own port, its own few threads and its own connection limit,
   * so the load balancer's check is answered within its timeout however many user connections queue on
   * the public port, and says what the agent says (200, or 503 while draining).
   */
  private ServerConnector healthConnector(Server server, org.eclipse.jetty.server.HttpConfiguration http, int port) {
    QueuedThreadPool threads = new QueuedThreadPool(HEALTH_THREADS, HEALTH_THREADS, 60_000);
    threads.setName("health");
    threads.setReservedThreads(0);
    // acceptors 0: the selector accepts too, which saves a thread
    healthConnector = new ServerConnector(server, threads, null, null, 0, 1, new HttpConnectionFactory(http));
    healthConnector.setName(HEALTH_CONNECTOR);
    healthConnector.setHost(config.host());
    healthConnector.setPort(port);
    healthConnector.setIdleTimeout(HEALTH_IDLE_TIMEOUT.toMillis());
    server.addBean(new NetworkConnectionLimit(HEALTH_MAX_CONNECTIONS, healthConnector));
    return healthConnector;
  }

  /**
   * Binds the connector as Javalin builds the server, before its start: a taken port then ends start() with a
   * plain BindException (Main turns it into one line) instead of Javalin's own "Failed to start Javalin" error
   * line first. Jetty's start finds the connector open and keeps it.
   */
  private static void bind(ServerConnector c) {
    try {
      c.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Route route(Context ctx) {
    String p = ctx.path();
    if (PING.equals(p)) return Route.PING;
    if (HELLO.equals(p)) return Route.HELLO;
    return Route.OTHER;
  }

  private void ping(Context ctx) {
    if (draining.isDraining()) {
      ctx.status(503).header("Connection", "close").contentType(Pages.HTML).result(Pages.DRAINING);
    } else {
      ctx.contentType(Pages.HTML).result(Pages.PING);
    }
  }

  private void hello(Context ctx) {
    ctx.header("Vary", "Accept"); // the body depends on Accept: caches must key on it
    long n;
    try {
      n = counter.increment();
    } catch (CounterUnavailableException e) {
      LogLimiter.REDIS.warn(LOG, "hello.py answered 503: {}", e.getMessage());
      ctx.status(503).header("Retry-After", "1").contentType(Pages.HTML).result(Pages.COUNTER_UNAVAILABLE);
      return;
    }
    String id = identity.instanceId(INSTANCE_ID_WAIT_MILLIS);
    metrics.helloIncrement(id);
    if (Negotiation.choose(ctx.header("Accept")) == Negotiation.Variant.JSON) {
      ctx.contentType(Pages.JSON).result(Pages.helloJson(n, config.envName(), id));
    } else {
      ctx.contentType(Pages.HTML).result(helloPage.render(n, id));
    }
  }

  /**
   * HEAD hello.py: GET's headers without touching the counter. No Content-Length: GET's length depends on a
   * counter value HEAD does not take (RFC 9110 section 9.3.2 lets HEAD omit what only the content determines).
   */
  private void helloHead(Context ctx) {
    ctx.header("Vary", "Accept");
    ctx.contentType(Negotiation.choose(ctx.header("Accept")) == Negotiation.Variant.JSON ? Pages.JSON : Pages.HTML);
    try {
      // Commit the headers now: completing an uncommitted empty response makes Jetty add "Content-Length: 0".
      ctx.res().flushBuffer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Completes once the first request has been answered (start-up work that can wait, waits for it). */
  public CompletableFuture<Void> firstResponse() {
    return firstResponse;
  }

  /** Stops gracefully: new connections are refused, requests in flight finish (up to the stop timeout). */
  public void stop() {
    if (app != null) app.stop();
  }

  public int port() {
    return publicConnector.getLocalPort();
  }

  /** The health-check listener's bound port, or -1 when there is none. */
  public int healthPort() {
    return healthConnector == null ? -1 : healthConnector.getLocalPort();
  }
}
