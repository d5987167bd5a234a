package dev.zerodown.agent;

import dev.zerodown.agent.config.Config;
import dev.zerodown.agent.instance.ImdsLookup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** An agent started in this JVM on a free loopback port, with a small HTTP client for the tests. */
public final class TestAgent implements AutoCloseable {
  public static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private final Agent agent;
  private final int port;

  private TestAgent(Agent agent) {
    this.agent = agent;
    this.port = agent.port();
  }

  /** Starts an agent with the given environment on top of test defaults (loopback, no metrics, no drain). */
  public static TestAgent start(Map<String, String> env) {
    return start(env, ImdsLookup.standard());
  }

  public static TestAgent start(Map<String, String> env, ImdsLookup imds) {
    Map<String, String> all = new HashMap<>();
    all.put("BIND_HOST", "127.0.0.1");
    all.put("METRICS_ENABLED", "false");
    all.put("DRAIN_SECONDS", "0");
    // No admin listener unless a test asks for one: the default 8001 would collide between agents.
    all.put("ADMIN_PORT", "0");
    all.putAll(env);
    Config config = Config.fromEnv(all).withPort(0);
    // HEALTH_PORT=0 in env: a health-check listener on a free port (healthGet); unset: none.
    return new TestAgent(Agent.create(config, imds).start());
  }

  public Agent agent() {
    return agent;
  }

  /** The admin listener's {@code path} (start with ADMIN_PORT set to a free port). */
  public HttpResponse<String> admin(String method, String path) {
    int p = agent.adminPort();
    if (p < 0) throw new IllegalStateException("this agent has no admin listener: set ADMIN_PORT");
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build());
  }

  /** GET {@code path} on the health-check listener (start with HEALTH_PORT=0 for one on a free port). */
  public HttpResponse<String> healthGet(String path) {
    int p = agent.healthPort();
    if (p < 0) throw new IllegalStateException("this agent has no health-check listener: set HEALTH_PORT=0");
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + path)).GET()
        .timeout(Duration.ofSeconds(10)).build());
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().timeout(Duration.ofSeconds(10)).build());
  }

  public HttpResponse<byte[]> getBytes(String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> request(String method, String path, String accept) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(10));
    if (accept != null) b.header("Accept", accept);
    return send(b.build());
  }

  /** Sends {@code request} through the test-support fixture's HTTP/1.1 client (one copy of this code). */
  public static HttpResponse<String> send(HttpRequest request) {
    return dev.zerodown.testsupport.AgentProcess.send(request);
  }

  @Override
  public void close() {
    agent.shutdown().run("test end");
  }
}
