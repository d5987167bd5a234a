package dev.zerodown.agent.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.zerodown.agent.counter.Counter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin listener: {@code GET /ready} on 127.0.0.1:{@code ADMIN_PORT}, for the instance's own boot
 * script (never the load balancer). Readiness is not liveness: ping.py says the process serves,
 * {@code /ready} says the counter would take an increment now (Redis answers and is the primary).
 *
 * <p>It is the JDK's small HTTP server on its own two threads, apart from Jetty, so that it answers
 * whatever the public connector is going through (a full thread pool, hostile clients, a drain).
 */
public final class AdminServer {
  private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
  public static final String READY = "/ready";
  /** Two threads: a check waits at most REDIS_TIMEOUT_MS, and a second caller need not queue behind it. */
  static final int THREADS = 2;

  private final int port;
  private final Counter counter;
  private HttpServer server;
  private ExecutorService executor;

  public AdminServer(int port, Counter counter) {
    this.port = port;
    this.counter = counter;
  }

  /** Thrown when the admin port cannot be bound; the message is one line for the user. */
  public static final class ListenFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ListenFailed(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  /** Binds 127.0.0.1:port and serves; returns the bound port. */
  public int start() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    } catch (IOException e) {
      throw new ListenFailed("cannot listen on 127.0.0.1:" + port + " for the admin listener (" + e.getMessage()
          + "): set ADMIN_PORT to a free port, or 0 for none", e);
    }
    AtomicInteger n = new AtomicInteger();
    executor = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(r, "admin-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String path = x.getRequestURI().getRawPath();
      if (!READY.equals(path)) {
        send(x, 404, "not found\n");
        return;
      }
      String method = x.getRequestMethod();
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        x.getResponseHeaders().set("Allow", "GET, HEAD");
        send(x, 405, "method not allowed\n");
        return;
      }
      Optional<String> reason;
      try {
        reason = counter.notReady();
      } catch (RuntimeException e) {
        LOG.warn("readiness check failed: {}", e.toString());
        reason = Optional.of("readiness check failed: " + e.getClass().getSimpleName());
      }
      if (reason.isEmpty()) send(x, 200, "ready\n");
      else send(x, 503, "not ready: " + reason.get() + "\n");
    }
  }

  private static void send(HttpExchange x, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    x.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = "HEAD".equals(x.getRequestMethod());
    x.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = x.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Stops at once: the boot script has long stopped asking when the agent shuts down. */
  public void stop() {
    if (server != null) server.stop(0);
    if (executor != null) executor.shutdownNow();
  }

  public int port() {
    if (server == null) throw new IllegalStateException("admin listener not started");
    return server.getAddress().getPort();
  }
}
