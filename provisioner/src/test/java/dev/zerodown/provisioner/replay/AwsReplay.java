package dev.zerodown.provisioner.replay;

import com.sun.net.httpserver.HttpExchange;
import dev.zerodown.testsupport.LoopbackHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Replays recorded AWS API responses on a real loopback socket, for the flows the emulator does not model
 * (health-check timing, rolling replacement, failed and busy stacks). Point an SDK client's endpoint at
 * {@link #endpoint()}. {@link #start()} listens at once (close it yourself); {@link #forEachTest()}, registered on an
 * instance field with {@code @RegisterExtension}, listens from before each test until after it.
 *
 * <p>Query-protocol calls (Auto Scaling, ELBv2, CloudFormation, EC2, STS) are told apart by their {@code Action}
 * form field, JSON-protocol calls (SSM, Service Quotas) by {@code X-Amz-Target}. Each action answers its recorded
 * responses in order and then keeps repeating the last one; every call is kept with its parameters for assertions.
 * A response can be narrowed to calls with one parameter value ({@code DescribeStacks StackName=zerodown-dev-web}); a
 * {@code StackName} given as a stack ARN narrows by the stack name in it.
 *
 * <p>Recordings come from scenario files ({@link #scenario}) or from Java ({@link #on}, {@link #add}). In a scenario
 * file, lines {@code === Action} start a response, optionally narrowed ({@code === DescribeStacks
 * StackName=zerodown-dev-web}) and with another status ({@code === UpdateStack 400}); everything up to the next such
 * line is its body; lines starting with {@code #} before the first response are comments (they name the documented
 * sequence the file follows). S3 calls (no Action) are named {@code S3.HEAD}, {@code S3.PUT}, ….
 *
 * <p>A call no recording answers goes, in this order, to the responder given to {@link #otherwise} (answers computed
 * from the call, such as CloudFormation's "does not exist"), then to the moto_server given to {@link #forwardingTo}
 * (its answer passed back as it is); without either, S3 calls answer 200 with an empty body and others an
 * {@code InvalidAction} / {@code UnknownOperationException} 400 naming the action.
 */
public final class AwsReplay extends LoopbackHttpServer {
  /** One call received: its action and its form (or JSON) parameters. */
  public record Call(String action, Map<String, String> params, String body) {}

  /** One response: HTTP status and body. */
  public record Reply(int status, String body) {}

  private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "transfer-encoding",
      "expect", "upgrade", "keep-alive");
  private URI moto;
  private HttpClient http;
  private Function<Call, Optional<Reply>> responder = call -> Optional.empty();
  private final Map<String, Deque<Reply>> scripts = new HashMap<>();
  private final Map<String, Reply> lastServed = new HashMap<>();
  private final Map<String, List<Consumer<Integer>>> hooks = new HashMap<>();
  private final Map<String, Reply> failing = new HashMap<>();
  private final Map<String, Integer> failuresLeft = new HashMap<>();
  private final Map<String, Integer> failedCount = new HashMap<>();
  private final List<Call> calls = new ArrayList<>();

  private AwsReplay() {
    super("/");
  }

  /** A replay listening now; close it after use. */
  public static AwsReplay start() throws IOException {
    AwsReplay replay = new AwsReplay();
    replay.listen();
    return replay;
  }

  /** A replay for {@code @RegisterExtension} on an instance field: it listens from before each test until after it. */
  public static AwsReplay forEachTest() {
    return new AwsReplay();
  }

  public URI endpoint() {
    return address();
  }

  /** Calls no recording (and no {@link #otherwise} responder) answers go to {@code motoServer} and back as they are. */
  public synchronized AwsReplay forwardingTo(URI motoServer) {
    moto = motoServer;
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return this;
  }

  /** Asks {@code responder} for calls no recording answers; an empty answer leaves the call to the forward or the 400. */
  public synchronized AwsReplay otherwise(Function<Call, Optional<Reply>> responder) {
    this.responder = responder;
    return this;
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
  public AwsReplay add(String action, int status, String body) {
    return on(action, new Reply(status, body));
  }

  /**
   * Appends responses to the queue of {@code call}: an action, optionally narrowed as in a scenario file's header
   * ({@code "DescribeStacks StackName=zerodown-dev-web"}).
   */
  public synchronized AwsReplay on(String call, Reply... replies) {
    scripts.computeIfAbsent(call, k -> new ArrayDeque<>()).addAll(List.of(replies));
    return this;
  }

  /**
   * The next {@code times} calls of {@code action} (any parameters) answer {@code status} with {@code body} instead
   * of their recording, which stays queued for the call after: AWS throttling or failing for a while mid-flow.
   */
  public synchronized AwsReplay failNext(String action, int times, int status, String body) {
    failing.put(action, new Reply(status, body));
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

  /** Every call received, forwarded ones included, in order. */
  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  public synchronized List<Call> calls(String action) {
    return calls.stream().filter(c -> c.action().equals(action)).toList();
  }

  public synchronized List<String> actions() {
    return calls.stream().map(Call::action).toList();
  }

  /** Responses of {@code action} not yet served (the last one is served again when this is 0). */
  public synchronized int remaining(String action) {
    Deque<Reply> q = scripts.get(action);
    return q == null ? 0 : q.size();
  }

  /** The stack name a {@code StackName} parameter gives, itself or the name inside a stack ARN. */
  public static String stackName(String nameOrArn) {
    if (nameOrArn == null || !nameOrArn.startsWith("arn:")) return nameOrArn;
    String[] parts = nameOrArn.split("/");
    return parts.length > 1 ? parts[1] : nameOrArn;
  }

  @Override
  protected void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] raw = exchange.getRequestBody().readAllBytes();
      String body = new String(raw, StandardCharsets.UTF_8);
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      boolean json = target != null;
      Map<String, String> params = !json && type != null && type.startsWith("application/x-www-form-urlencoded")
          ? form(body) : Map.of();
      boolean s3 = !json && !params.containsKey("Action");
      String action = json ? target.substring(target.indexOf('.') + 1)
          : s3 ? "S3." + exchange.getRequestMethod() : params.get("Action");
      if (s3) params = Map.of("path", exchange.getRequestURI().getRawPath());
      Call call = new Call(action, params, body);
      Reply response;
      List<Consumer<Integer>> toRun;
      Function<Call, Optional<Reply>> fallback;
      URI forwardTo;
      HttpClient client;
      int number;
      synchronized (this) {
        calls.add(call);
        number = (int) calls.stream().filter(c -> c.action().equals(action)).count();
        String key = key(action, params);
        Deque<Reply> q = scripts.get(key);
        if (failuresLeft.getOrDefault(action, 0) > 0) {
          failuresLeft.merge(action, -1, Integer::sum);
          failedCount.merge(action, 1, Integer::sum);
          response = failing.get(action);
        } else {
          response = q != null && !q.isEmpty() ? q.poll() : lastServed.get(key);
          if (response != null) lastServed.put(key, response);
        }
        toRun = List.copyOf(hooks.getOrDefault(action, List.of()));
        fallback = responder;
        forwardTo = moto;
        client = http;
      }
      toRun.forEach(h -> h.accept(number));
      if (response == null) response = fallback.apply(call).orElse(null);
      if (response == null && forwardTo != null) {
        forward(exchange, raw, forwardTo, client);
        return;
      }
      if (response == null && s3) response = new Reply(200, "");
      if (response == null) {
        response = new Reply(400, json
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

  /** The recorded queue a call takes: narrowed by one of its parameters where one is recorded, else its action's. */
  private String key(String action, Map<String, String> params) {
    String key = action;
    for (var p : params.entrySet()) {
      String value = p.getKey().equals("StackName") ? stackName(p.getValue()) : p.getValue();
      if (scripts.containsKey(action + " " + p.getKey() + "=" + value)) key = action + " " + p.getKey() + "=" + value;
    }
    return key;
  }

  private static void forward(HttpExchange exchange, byte[] body, URI moto, HttpClient http) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(moto.resolve(exchange.getRequestURI().toString()))
        .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange.getRequestHeaders().forEach((k, vs) -> {
      if (!HOP_BY_HOP.contains(k.toLowerCase())) vs.forEach(v -> request.header(k, v));
    });
    HttpResponse<byte[]> answer;
    try {
      answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException | InterruptedException e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      byte[] failed = ("replay failed: forward to " + moto + ": " + e).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(500, failed.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(failed);
      }
      return;
    }
    byte[] out = answer.body();
    answer.headers().map().forEach((k, vs) -> {
      if (!HOP_BY_HOP.contains(k.toLowerCase()) && !k.startsWith(":")) vs.forEach(v -> exchange.getResponseHeaders().add(k, v));
    });
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(answer.statusCode(), head || out.length == 0 ? -1 : out.length);
    if (!head && out.length > 0) {
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(out);
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
}
