package dev.zerodown.provisioner.probe;

import com.sun.net.httpserver.HttpExchange;
import dev.zerodown.testsupport.LoopbackHttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load balancer and its instances in one JDK HttpServer on a real loopback socket: requests go round robin
 * to the named instances, which answer the hello.py page (byte-compatible with the CGI script) from one
 * shared counter, or fail the way a sick target fails behind an ALB when told to.
 */
public final class FakeFleet extends LoopbackHttpServer {
  /** How an instance answers. */
  public enum Answer { OK, BAD_GATEWAY, DROP_CONNECTION, NOT_HELLO, OWN_COUNTER, HANG, REDIS_DOWN }

  private final List<String> ids;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> ownCounters = new ConcurrentHashMap<>();
  private final AtomicLong counter = new AtomicLong(1000);
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();

  private FakeFleet(List<String> ids) {
    super("/cgi-bin/hello.py");
    this.ids = new java.util.concurrent.CopyOnWriteArrayList<>(ids);
  }

  /** A fleet listening now; close it after use. */
  public static FakeFleet start(String... instanceIds) throws IOException {
    FakeFleet fleet = new FakeFleet(List.of(instanceIds));
    fleet.listen();
    return fleet;
  }

  /** A fleet for {@code @RegisterExtension} on an instance field: it listens from before each test until after it. */
  public static FakeFleet forEachTest(String... instanceIds) {
    return new FakeFleet(List.of(instanceIds));
  }


  public URI url() {
    return address();
  }

  public FakeFleet answer(String instanceId, Answer answer) {
    answers.put(instanceId, answer);
    return this;
  }

  /** Takes an instance out of rotation (the load balancer stops sending to it). */
  public FakeFleet remove(String instanceId) {
    ids.remove(instanceId);
    return this;
  }

  /** Puts an instance into rotation. */
  public FakeFleet add(String instanceId) {
    if (!ids.contains(instanceId)) ids.add(instanceId);
    return this;
  }

  /** Every instance answers {@code answer} (one Redis behind them all: a Redis failover hits every instance). */
  public FakeFleet answerAll(Answer answer) {
    ids.forEach(id -> answers.put(id, answer));
    return this;
  }

  /**
   * Moves the shared counter back by {@code n}: the promoted replica lacks the last {@code n} increments the old
   * primary acknowledged, so the next {@code n} values served are values already served.
   */
  public FakeFleet loseIncrements(long n) {
    counter.addAndGet(-n);
    return this;
  }

  public int requests() {
    return requests.get();
  }

  public long counter() {
    return counter.get();
  }

  @Override
  protected void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    List<String> now = List.copyOf(ids);
    String id = now.get(Math.floorMod(next.getAndIncrement(), now.size()));
    Answer answer = answers.getOrDefault(id, Answer.OK);
    try (exchange) {
      switch (answer) {
        case BAD_GATEWAY -> send(exchange, 502, "<html><body><h1>502 Bad Gateway</h1></body></html>\n");
        case REDIS_DOWN -> send(exchange, 503, "<html><body>counter unavailable</body></html>\n"); // the agent's 503
        case DROP_CONNECTION -> { } // closing an exchange before its headers closes the connection
        case HANG -> sleepQuietly(3_000);
        case NOT_HELLO -> send(exchange, 200, "<html><body>maintenance</body></html>\n");
        case OWN_COUNTER -> send(exchange, 200,
            page(ownCounters.computeIfAbsent(id, k -> new AtomicLong()).incrementAndGet(), id));
        case OK -> send(exchange, 200, page(counter.incrementAndGet(), id));
      }
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String page(long counter, String id) {
    return "<html><body>\n<p>Hello World!<br />counter: " + counter + "<br />env: dev</p>\nId: " + id
        + "\n</body></html>\n";
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
