package dev.zerodown.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A stand-in a test talks to over HTTP (an AWS replay, a load balancer) on a JDK HttpServer on a free loopback port:
 * it listens from {@link #listen()} until {@link #close()}, or, registered with {@code @RegisterExtension} on an
 * instance field, from before each test until after it.
 */
public abstract class LoopbackHttpServer implements AutoCloseable, BeforeEachCallback, AfterEachCallback {
  private final String path;
  private HttpServer server;
  private ExecutorService executor;

  /** Answers the requests under {@code path}. */
  protected LoopbackHttpServer(String path) {
    this.path = path;
  }

  /** Answers one request, on one of the server's 4 threads. */
  protected abstract void handle(HttpExchange exchange) throws IOException;

  /** Starts listening on a free loopback port. */
  protected final synchronized void listen() throws IOException {
    executor = Executors.newFixedThreadPool(4);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.createContext(path, this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Where it listens, {@code http://127.0.0.1:PORT}. */
  protected final synchronized URI address() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public final void beforeEach(ExtensionContext context) throws IOException {
    listen();
  }

  @Override
  public final void afterEach(ExtensionContext context) {
    close();
  }

  /** Stops listening; idempotent. */
  @Override
  public void close() {
    HttpServer listening;
    ExecutorService threads;
    synchronized (this) {
      listening = server;
      threads = executor;
      server = null;
      executor = null;
    }
    if (listening != null) listening.stop(0);
    if (threads != null) threads.shutdownNow();
  }
}
