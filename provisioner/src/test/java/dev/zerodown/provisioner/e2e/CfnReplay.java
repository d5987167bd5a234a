package dev.zerodown.provisioner.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CloudFormation endpoint on a real loopback socket that replays scripted query-protocol responses, in
 * the XML shapes AWS returns (ErrorResponse/ValidationError, DescribeStacksResult, …), for what moto cannot
 * play: change-set execution with outputs, per-resource events, rollbacks, ROLLBACK_COMPLETE, busy stacks.
 * Every other service's request (STS, EC2, SSM, S3) is forwarded to a real moto_server.
 *
 * <p>Replies are queued per action and stack name (the last one repeats); unscripted DescribeStacks
 * answers "does not exist", unscripted DescribeStackEvents an empty page.
 */
final class CfnReplay implements AutoCloseable {
  static final String NS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
  private static final Set<String> HOP = Set.of("connection", "content-length", "host", "transfer-encoding", "expect",
      "upgrade", "keep-alive");
  private final HttpServer server;
  private final URI moto;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, Deque<Reply>> script = new HashMap<>();
  private final List<Map<String, String>> requests = Collections.synchronizedList(new ArrayList<>());

  record Reply(int status, String body) {}

  CfnReplay(URI moto) throws IOException {
    this.moto = moto;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Queues replies for {@code action} on {@code stack} (null: any stack). */
  synchronized CfnReplay on(String action, String stack, Reply... replies) {
    script.computeIfAbsent(action + "|" + stack, k -> new ArrayDeque<>()).addAll(List.of(replies));
    return this;
  }

  /** The CloudFormation requests received, in order (form parameters). */
  List<Map<String, String>> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  List<String> actions() {
    return requests().stream().map(r -> r.get("Action") + " " + stackName(r.get("StackName"))).toList();
  }

  private void handle(HttpExchange x) throws IOException {
    byte[] body = x.getRequestBody().readAllBytes();
    String text = new String(body, StandardCharsets.UTF_8);
    Map<String, String> form = form(text);
    try {
      if ("POST".equals(x.getRequestMethod()) && "2010-05-15".equals(form.get("Version"))) {
        requests.add(form);
        Reply r = reply(form.get("Action"), stackName(form.get("StackName")));
        send(x, r.status(), r.body().getBytes(StandardCharsets.UTF_8), "text/xml");
      } else {
        forward(x, body);
      }
    } catch (Exception e) {
      send(x, 500, ("replay failed: " + e).getBytes(StandardCharsets.UTF_8), "text/plain");
    }
  }

  private synchronized Reply reply(String action, String stack) {
    for (String key : new String[] {action + "|" + stack, action + "|null"}) {
      Deque<Reply> q = script.get(key);
      if (q != null && !q.isEmpty()) return q.size() > 1 ? q.poll() : q.peek();
    }
    return switch (action) {
      case "DescribeStacks" -> missing(stack);
      case "DescribeStackEvents" -> events(stack);
      // accepted as AWS does (SetStackPolicy, UpdateTerminationProtection return no data; GetStackPolicy none set)
      case "SetStackPolicy" -> empty("SetStackPolicy");
      case "UpdateTerminationProtection" -> ok("UpdateTerminationProtection", "<StackId>" + arn(stack) + "</StackId>");
      case "GetStackPolicy" -> empty("GetStackPolicy");
      default -> new Reply(500, "<unscripted action=\"" + action + "\" stack=\"" + stack + "\"/>");
    };
  }

  private void forward(HttpExchange x, byte[] body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(moto.resolve(x.getRequestURI().toString()))
        .method(x.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    x.getRequestHeaders().forEach((k, vs) -> {
      if (!HOP.contains(k.toLowerCase())) vs.forEach(v -> b.header(k, v));
    });
    HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    byte[] out = r.body().readAllBytes();
    r.headers().map().forEach((k, vs) -> {
      if (!HOP.contains(k.toLowerCase()) && !k.startsWith(":")) vs.forEach(v -> x.getResponseHeaders().add(k, v));
    });
    boolean head = "HEAD".equals(x.getRequestMethod());
    x.sendResponseHeaders(r.statusCode(), head || out.length == 0 ? -1 : out.length);
    if (!head && out.length > 0) {
      try (OutputStream os = x.getResponseBody()) {
        os.write(out);
      }
    }
    x.close();
  }

  private static void send(HttpExchange x, int status, byte[] body, String type) throws IOException {
    x.getResponseHeaders().add("Content-Type", type);
    x.getResponseHeaders().add("x-amzn-RequestId", "replay-" + System.nanoTime());
    x.sendResponseHeaders(status, body.length);
    try (OutputStream os = x.getResponseBody()) {
      os.write(body);
    }
    x.close();
  }

  static String stackName(String nameOrArn) {
    if (nameOrArn == null) return null;
    if (nameOrArn.startsWith("arn:")) {
      String[] parts = nameOrArn.split("/");
      return parts.length > 1 ? parts[1] : nameOrArn;
    }
    return nameOrArn;
  }

  private static Map<String, String> form(String body) {
    Map<String, String> m = new LinkedHashMap<>();
    if (body.isEmpty()) return m;
    for (String kv : body.split("&")) {
      int eq = kv.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
      m.put(k, v);
    }
    return m;
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  // ---- recorded response shapes (CloudFormation query protocol, API version 2010-05-15) ----

  static String arn(String stack) {
    return "arn:aws:cloudformation:eu-west-3:123456789012:stack/" + stack + "/5b1f3a60-ca4d-11f0-9d1c-0a1b2c3d4e5f";
  }

  private static String meta() {
    return "<ResponseMetadata><RequestId>7f9a2c1e-1b2d-4c3e-8f40-5a6b7c8d9e0f</RequestId></ResponseMetadata>";
  }

  static Reply ok(String action, String result) {
    return new Reply(200, "<" + action + "Response xmlns=\"" + NS + "\"><" + action + "Result>" + result + "</" + action
        + "Result>" + meta() + "</" + action + "Response>");
  }

  static Reply error(String code, String message) {
    return new Reply(400, "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code
        + "</Code><Message>" + esc(message) + "</Message></Error><RequestId>3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f</RequestId></ErrorResponse>");
  }

  static Reply missing(String stack) {
    return error("ValidationError", "Stack with id " + stack + " does not exist");
  }

  static Reply stack(String stack, String status, String reason, Map<String, String> outputs) {
    return stack(stack, status, reason, outputs, Map.of());
  }

  /** DescribeStacks of one stack with its outputs and its parameters (as deployed). */
  static Reply stack(String stack, String status, String reason, Map<String, String> outputs, Map<String, String> parameters) {
    StringBuilder p = new StringBuilder();
    parameters.forEach((k, v) -> p.append("<member><ParameterKey>").append(k).append("</ParameterKey><ParameterValue>")
        .append(esc(v)).append("</ParameterValue></member>"));
    StringBuilder o = new StringBuilder();
    outputs.forEach((k, v) -> o.append("<member><OutputKey>").append(k).append("</OutputKey><OutputValue>")
        .append(esc(v)).append("</OutputValue></member>"));
    return ok("DescribeStacks", "<Stacks><member><StackId>" + arn(stack) + "</StackId><StackName>" + stack
        + "</StackName><CreationTime>2026-11-25T10:00:00.000Z</CreationTime><StackStatus>" + status + "</StackStatus>"
        + (reason == null ? "" : "<StackStatusReason>" + esc(reason) + "</StackStatusReason>")
        + "<Parameters>" + p + "</Parameters><Outputs>" + o + "</Outputs><Tags/><EnableTerminationProtection>false</EnableTerminationProtection>"
        + "</member></Stacks>");
  }

  static Reply stack(String stack, String status) {
    return stack(stack, status, null, Map.of());
  }

  /** One DescribeStackEvents page, newest first as AWS returns them; each event is {logicalId, type, status, reason}. */
  static Reply events(String stack, String[]... newestFirst) {
    StringBuilder sb = new StringBuilder("<StackEvents>");
    int n = newestFirst.length;
    for (String[] e : newestFirst) {
      sb.append("<member><StackId>").append(arn(stack)).append("</StackId><EventId>").append(e[0]).append('-').append(n)
          .append("</EventId><StackName>").append(stack).append("</StackName><LogicalResourceId>").append(e[0])
          .append("</LogicalResourceId><PhysicalResourceId/><ResourceType>").append(e[1])
          .append("</ResourceType><Timestamp>2026-11-25T10:00:").append(String.format("%02d", n))
          .append(".000Z</Timestamp><ResourceStatus>").append(e[2]).append("</ResourceStatus>")
          .append(e.length > 3 ? "<ResourceStatusReason>" + esc(e[3]) + "</ResourceStatusReason>" : "").append("</member>");
      n--;
    }
    return ok("DescribeStackEvents", sb.append("</StackEvents>").toString());
  }

  static Reply createChangeSet(String stack) {
    return ok("CreateChangeSet", "<Id>arn:aws:cloudformation:eu-west-3:123456789012:changeSet/zerodown-1/0c1d2e3f</Id>"
        + "<StackId>" + arn(stack) + "</StackId>");
  }

  /** A computed change set; each change is {action, logicalId, type, replacement}. */
  static Reply changeSet(String stack, String status, String reason, String[]... changes) {
    return changeSetExecutable(stack, status, "FAILED".equals(status) ? "UNAVAILABLE" : "AVAILABLE", reason, changes);
  }

  /** As above with an explicit ExecutionStatus (AVAILABLE, OBSOLETE, EXECUTE_IN_PROGRESS, …). */
  static Reply changeSetExecutable(String stack, String status, String executionStatus, String reason,
      String[]... changes) {
    StringBuilder sb = new StringBuilder();
    for (String[] c : changes) {
      sb.append("<member><Type>Resource</Type><ResourceChange><Action>").append(c[0]).append("</Action><LogicalResourceId>")
          .append(c[1]).append("</LogicalResourceId><ResourceType>").append(c[2]).append("</ResourceType>")
          .append(c.length > 3 ? "<Replacement>" + c[3] + "</Replacement>" : "").append("<Scope/><Details/></ResourceChange></member>");
    }
    return ok("DescribeChangeSet", "<ChangeSetName>zerodown-1</ChangeSetName><StackName>" + stack + "</StackName><StackId>"
        + arn(stack) + "</StackId><Status>" + status + "</Status>"
        + (reason == null ? "" : "<StatusReason>" + esc(reason) + "</StatusReason>")
        + "<ExecutionStatus>" + executionStatus + "</ExecutionStatus>"
        + "<Changes>" + sb + "</Changes>");
  }

  static Reply empty(String action) {
    return new Reply(200, "<" + action + "Response xmlns=\"" + NS + "\">" + (action.equals("DeleteStack") ? "" : "<" + action
        + "Result/>") + meta() + "</" + action + "Response>");
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
