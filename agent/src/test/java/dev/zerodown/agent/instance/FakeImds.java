package dev.zerodown.agent.instance;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An IMDSv2 stand-in on a real loopback socket (moto's IMDS lacks the TTL header the SDK requires):
 * {@code PUT /latest/api/token} needs the TTL request header and echoes it; every GET must carry the
 * token it handed out, or gets 401.
 */
public final class FakeImds implements AutoCloseable {
  static final String TOKEN = "fake-imds-token-123";

  private final HttpServer server;
  private final String instanceId;
  private final String region;
  final AtomicInteger tokenRequests = new AtomicInteger();
  final List<String> tokensSeenOnGets = new CopyOnWriteArrayList<>();
  final AtomicInteger rejectedGets = new AtomicInteger();

  public FakeImds(String instanceId, String region) {
    this.instanceId = instanceId;
    this.region = region;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      if ("PUT".equals(ex.getRequestMethod()) && path.equals("/latest/api/token")) {
        String ttl = ex.getRequestHeaders().getFirst("x-aws-ec2-metadata-token-ttl-seconds");
        if (ttl == null) {
          reply(ex, 400, "missing TTL");
          return;
        }
        tokenRequests.incrementAndGet();
        ex.getResponseHeaders().add("x-aws-ec2-metadata-token-ttl-seconds", ttl);
        reply(ex, 200, TOKEN);
        return;
      }
      if (!"GET".equals(ex.getRequestMethod())) {
        reply(ex, 405, "");
        return;
      }
      String token = ex.getRequestHeaders().getFirst("x-aws-ec2-metadata-token");
      tokensSeenOnGets.add(String.valueOf(token));
      if (!TOKEN.equals(token)) {
        rejectedGets.incrementAndGet();
        reply(ex, 401, "");
        return;
      }
      switch (path) {
        case "/latest/meta-data/instance-id": reply(ex, 200, instanceId); break;
        case "/latest/meta-data/placement/region": reply(ex, 200, region); break;
        default: reply(ex, 404, "");
      }
    }
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) ex.getResponseBody().write(b);
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
