package dev.zerodown.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.testsupport.AgentProcess;
import dev.zerodown.testsupport.FreePort;
import dev.zerodown.testsupport.MotoServer;
import dev.zerodown.testsupport.RedisServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;

/** Metrics from the real jar arrive in moto_server's CloudWatch, found with ListMetrics. */
class MetricsIT {
  @RegisterExtension
  static final MotoServer MOTO = new MotoServer();

  @RegisterExtension
  static final RedisServer REDIS = new RedisServer();

  static CloudWatchClient cloudWatch;

  @BeforeAll
  static void client() {
    cloudWatch = CloudWatchClient.builder().endpointOverride(MOTO.endpoint()).region(Region.EU_WEST_3)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  @AfterAll
  static void close() {
    cloudWatch.close();
  }

  /** The environment that points the agent's SDK at moto: region, static credentials, endpoint variable. */
  static Map<String, String> awsEnv(String namespace, String endpoint) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", "eu-west-3");
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    env.put("AWS_ENDPOINT_URL_CLOUDWATCH", endpoint);
    env.put("METRICS_NAMESPACE", namespace);
    env.put("INSTANCE_ID", "i-metrics");
    env.put("ENV_NAME", "test");
    env.put("DRAIN_SECONDS", "0");
    return env;
  }

  static List<Metric> listMetrics(String namespace) {
    return cloudWatch.listMetricsPaginator(r -> r.namespace(namespace)).metrics().stream().toList();
  }

  /** The distinct dimension sets of one metric (moto lists a metric once per datum). */
  static Set<Map<String, String>> dimsOf(List<Metric> metrics, String name) {
    return metrics.stream().filter(m -> m.metricName().equals(name)).map(MetricsIT::dims).collect(Collectors.toSet());
  }

  static Map<String, String> dims(Metric m) {
    return m.dimensions().stream().collect(Collectors.toMap(Dimension::name, Dimension::value));
  }

  @Test
  void metrics_are_published_to_the_cloudwatch_endpoint_with_route_status_and_env_dimensions() throws Exception {
    String ns = "zerodown-it-step";
    Map<String, String> env = awsEnv(ns, MOTO.endpoint().toString());
    env.put("METRICS_STEP_SECONDS", "1");
    env.put("REDIS_HOST", REDIS.host());
    env.put("REDIS_PORT", String.valueOf(REDIS.port()));
    try (AgentProcess agent = AgentProcess.launch().env(env).startReady()) {
      Set<String> expected = Set.of("zerodown.http.requests.count", "zerodown.http.requests.avg",
          "zerodown.http.requests.max", "zerodown.hello.increments.count", "zerodown.redis.commands.count",
          "jvm.memory.used.value", "jvm.threads.live.value", "process.cpu.usage.value");
      List<Metric> metrics = List.of();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        agent.get("/cgi-bin/hello.py");
        agent.get("/cgi-bin/ping.py");
        agent.get("/nope");
        metrics = listMetrics(ns);
        Set<String> names = metrics.stream().map(Metric::metricName).collect(Collectors.toSet());
        if (names.containsAll(expected) && metrics.stream().anyMatch(m -> "404".equals(dims(m).get("status")))) break;
        Thread.sleep(500);
      }
      Set<String> names = metrics.stream().map(Metric::metricName).collect(Collectors.toSet());
      assertThat(names).as(agent.log()).containsAll(expected);
      assertThat(dimsOf(metrics, "zerodown.redis.commands.count")).contains(Map.of("env", "test", "result", "ok"));
      assertThat(dimsOf(metrics, "zerodown.http.requests.count")).contains(Map.of("env", "test", "route", "hello", "status", "200"),
              Map.of("env", "test", "route", "ping", "status", "200"),
              Map.of("env", "test", "route", "other", "status", "404"));
      assertThat(dimsOf(metrics, "zerodown.hello.increments.count")).containsExactly(Map.of("env", "test", "instance", "i-metrics"));
      assertThat(dimsOf(metrics, "jvm.memory.used.value")).containsExactlyInAnyOrder(Map.of("env", "test", "area", "heap"), Map.of("env", "test", "area", "nonheap"));
      assertThat(metrics).as("only the env tag is common").allMatch(m -> "test".equals(dims(m).get("env")));
    }
  }

  @Test
  void the_last_step_is_flushed_on_sigterm() {
    String ns = "zerodown-it-flush";
    Map<String, String> env = awsEnv(ns, MOTO.endpoint().toString());
    env.put("METRICS_STEP_SECONDS", "3600"); // nothing would be published before the shutdown flush
    try (AgentProcess agent = AgentProcess.launch().env(env).startReady()) {
      waitForLog(agent, "metrics: publishing to CloudWatch");
      for (int i = 0; i < 3; i++) assertThat(agent.get("/cgi-bin/hello.py").statusCode()).isEqualTo(200);
      assertThat(listMetrics(ns)).isEmpty();
      agent.sigterm();
      assertThat(agent.awaitExit(Duration.ofSeconds(60))).as(agent.log()).isZero();
    }
    assertThat(listMetrics(ns)).extracting(Metric::metricName).contains("zerodown.hello.increments.count");
  }

  @Test
  void the_in_memory_counter_publishes_no_redis_meters() {
    String ns = "zerodown-it-memory";
    Map<String, String> env = awsEnv(ns, MOTO.endpoint().toString());
    env.put("METRICS_STEP_SECONDS", "3600");
    try (AgentProcess agent = AgentProcess.launch().env(env).startReady()) {
      waitForLog(agent, "metrics: publishing to CloudWatch");
      agent.get("/cgi-bin/hello.py");
      agent.sigterm();
      assertThat(agent.awaitExit(Duration.ofSeconds(60))).isZero();
    }
    assertThat(listMetrics(ns)).extracting(Metric::metricName).contains("zerodown.http.requests.count")
        .noneMatch(n -> n.startsWith("zerodown.redis"));
  }

  @Test
  void metrics_enabled_false_publishes_nothing() throws Exception {
    String ns = "zerodown-it-off";
    Map<String, String> env = awsEnv(ns, MOTO.endpoint().toString());
    env.put("METRICS_STEP_SECONDS", "1");
    env.put("METRICS_ENABLED", "false");
    try (AgentProcess agent = AgentProcess.launch().env(env).startReady()) {
      for (int i = 0; i < 3; i++) agent.get("/cgi-bin/hello.py");
      Thread.sleep(3000);
      assertThat(agent.log()).contains("metrics: off (METRICS_ENABLED=false)");
    }
    assertThat(listMetrics(ns)).isEmpty();
  }

  @Test
  void a_failing_publish_never_affects_serving_and_is_logged_once() throws Exception {
    String ns = "zerodown-it-broken";
    Map<String, String> env = awsEnv(ns, "http://127.0.0.1:" + FreePort.pick());
    env.put("METRICS_STEP_SECONDS", "1");
    try (AgentProcess agent = AgentProcess.launch().env(env).startReady()) {
      waitForLog(agent, "metrics: publishing to CloudWatch");
      for (int i = 0; i < 20; i++) {
        assertThat(agent.get("/cgi-bin/hello.py").statusCode()).isEqualTo(200);
        Thread.sleep(200);
      }
      waitForLog(agent, "publishing to CloudWatch failed");
      assertThat(agent.logLines()).filteredOn(l -> l.contains("publishing to CloudWatch failed")).hasSize(1);
      assertThat(agent.log()).doesNotContain("\tat ");
    }
  }

  static void waitForLog(AgentProcess agent, String text) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!agent.log().contains(text)) {
      if (System.nanoTime() > deadline) throw new AssertionError("no '" + text + "' in log:\n" + agent.log());
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
