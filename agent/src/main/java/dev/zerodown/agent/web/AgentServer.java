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
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.server.HttpConnectionFactory;
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

  private final Config config;
  private final Counter counter;
  private final InstanceIdentity identity;
  private final Draining draining;
  private final AgentMetrics metrics;
  private final HelloPage helloPage;
  private final CompletableFuture<Void> firstResponse = new CompletableFuture<>();
  private Javalin app;

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
      QueuedThreadPool pool = new QueuedThreadPool(config.httpThreads(), Math.min(8, config.httpThreads()), 60_000);
      pool.setName("http");
      cfg.jetty.threadPool = pool;
      cfg.jetty.modifyHttpConfiguration(http -> {
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
      });
      cfg.jetty.addConnector((server, http) -> {
        ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
        c.setHost(config.host());
        c.setPort(config.port());
        c.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        return c;
      });
      cfg.jetty.modifyServer(server -> {
        server.insertHandler(new GracefulHandler());
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
    return app.port();
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
    String accept = ctx.header("Accept");
    if (accept != null && accept.contains(Pages.JSON)) {
      ctx.contentType(Pages.JSON).result(Pages.helloJson(n, config.envName(), id));
    } else {
      ctx.contentType(Pages.HTML).result(helloPage.render(n, id));
    }
  }

  private void helloHead(Context ctx) {
    ctx.contentType(Pages.HTML);
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
    return app.port();
  }
}
