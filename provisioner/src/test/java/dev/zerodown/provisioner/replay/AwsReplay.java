package dev.zerodown.provisioner.replay;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Replays recorded AWS API responses on a real loopback socket, for the flows the emulator does not model
 * (health-check timing, rolling replacement). Point an SDK client's endpoint at {@link #endpoint()}.
 *
 * <p>Query-protocol calls (Auto Scaling, ELBv2, CloudFormation, EC2) are told apart by their {@code Action}
 * form field, JSON-protocol calls (SSM) by {@code X-Amz-Target}. Each action answers its recorded responses in
 * order and then keeps repeating the last one; every call is kept with its parameters for assertions.
 * Recordings live in scenario files: lines {@code === Action} start a response, optionally narrowed to calls
 * with one parameter value ({@code === DescribeStacks StackName=zerodown-dev-web}) and with another status
 * ({@code === UpdateStack 400}); everything up to the next such line is its body; lines starting with {@code #}
 * before the first response are comments. S3 calls (no Action) are named {@code S3.HEAD}, {@code S3.PUT}, … and
 * answer 200 with an empty body unless recorded.
 */
public final class AwsReplay implements AutoCloseable {
  /** One call received: its action and its form (or JSON) parameters. */
  public record Call(String action, Map<String, String> params, String body) {}

  private record Response(int status, String body) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final Map<String, Deque<Response>> scripts = new HashMap<>();
  private final Map<String, Response> lastServed = new HashMap<>();
  private final Map<String, List<Consumer<Integer>>> hooks = new HashMap<>();
  private final Map<String, Response> failing = new HashMap<>();
  private final Map<String, Integer> failuresLeft = new HashMap<>();
  private final Map<String, Integer> failedCount = new HashMap<>();
  private final List<Call> calls = new ArrayList<>();

  private AwsReplay() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public static AwsReplay start() throws IOException {
    return new AwsReplay();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Loads a scenario file from the test classpath, appending its responses to each action's queue. */
  public AwsReplay scenario(String resource) {
    try (InputStream in = AwsReplay.class.getResourceAsStream(resource)) {
      Objects.requireNonNull(in, "no scenario " + resource);
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String action = null;
      int status = 200;
      StringBuilder body = new StringBuilder();
      for (String line : text.split("\n", -1)) {
        if (line.startsWith("=== ")) {
          if (action != null) add(action, status, body.toString().strip());
          String[] parts = line.substring(4).trim().split("\\s+");
          action = parts[0];
          status = 200;
          for (int i = 1; i < parts.length; i++) {
            if (parts[i].contains("=")) action += " " + parts[i]; else status = Integer.parseInt(parts[i]);
          }
          body.setLength(0);
        } else if (action != null) {
          body.append(line).append('\n');
        }
      }
      if (action != null) add(action, status, body.toString().strip());
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Appends one response to an action's queue. */
  public synchronized AwsReplay add(String action, int status, String body) {
    scripts.computeIfAbsent(action, k -> new ArrayDeque<>()).add(new Response(status, body));
    return this;
  }

  /**
   * The next {@code times} calls of {@code action} (any parameters) answer {@code status} with {@code body} instead
   * of their recording, which stays queued for the call after: AWS throttling or failing for a while mid-flow.
   */
  public synchronized AwsReplay failNext(String action, int times, int status, String body) {
    failing.put(action, new Response(status, body));
    failuresLeft.put(action, times);
    return this;
  }

  /** How many calls of {@code action} were answered by {@link #failNext} so far. */
  public synchronized int failed(String action) {
    return failedCount.getOrDefault(action, 0);
  }

  /** Runs {@code hook} with the call's 1-based number each time {@code action} is called, before answering. */
  public synchronized AwsReplay onCall(String action, Consumer<Integer> hook) {
    hooks.computeIfAbsent(action, k -> new ArrayList<>()).add(hook);
    return this;
  }

  public synchronized List<Call> calls(String action) {
    return calls.stream().filter(c -> c.action().equals(action)).toList();
  }

  public synchronized List<String> actions() {
    return calls.stream().map(Call::action).toList();
  }

  /** Responses of {@code action} not yet served (the last one is served again when this is 0). */
  public synchronized int remaining(String action) {
    Deque<Response> q = scripts.get(action);
    return q == null ? 0 : q.size();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      boolean json = target != null;
      Map<String, String> params = json ? Map.of() : form(body);
      boolean s3 = !json && !params.containsKey("Action");
      String action = json ? target.substring(target.indexOf('.') + 1)
          : s3 ? "S3." + exchange.getRequestMethod() : params.get("Action");
      if (s3) params = Map.of("path", exchange.getRequestURI().getRawPath());
      Response response;
      List<Consumer<Integer>> toRun;
      int number;
      synchronized (this) {
        calls.add(new Call(action, params, body));
        number = (int) calls.stream().filter(c -> c.action().equals(action)).count();
        String key = action;
        for (var p : params.entrySet()) {
          if (scripts.containsKey(action + " " + p.getKey() + "=" + p.getValue())) key = action + " " + p.getKey() + "=" + p.getValue();
        }
        Deque<Response> q = scripts.get(key);
        if (failuresLeft.getOrDefault(action, 0) > 0) {
          failuresLeft.merge(action, -1, Integer::sum);
          failedCount.merge(action, 1, Integer::sum);
          response = failing.get(action);
        } else {
          response = q != null && !q.isEmpty() ? q.poll() : lastServed.get(key);
          if (response == null && s3) response = new Response(200, "");
          if (response != null) lastServed.put(key, response);
        }
        toRun = List.copyOf(hooks.getOrDefault(action, List.of()));
      }
      toRun.forEach(h -> h.accept(number));
      if (response == null) {
        response = new Response(400, json
            ? "{\"__type\":\"UnknownOperationException\",\"message\":\"no recording for " + action + "\"}"
            : "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>no recording for "
                + action + "</Message></Error></ErrorResponse>");
      }
      byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", json ? "application/x-amz-json-1.1" : "text/xml");
      exchange.getResponseHeaders().set("x-amzn-RequestId", "replay-" + number);
      if (bytes.length == 0) {
        exchange.sendResponseHeaders(response.status(), -1);
        return;
      }
      exchange.sendResponseHeaders(response.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(k, v);
    }
    return params;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
