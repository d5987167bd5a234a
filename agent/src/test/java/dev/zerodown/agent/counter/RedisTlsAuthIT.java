package dev.zerodown.agent.counter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.testsupport.AgentProcess;
import dev.zerodown.agent.TestAgent;
import dev.zerodown.testsupport.FreePort;
import dev.zerodown.testsupport.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ElastiCache's in-transit encryption and AUTH against a real redis-server speaking TLS: a throwaway CA
 * made here with openssl, a server certificate for the endpoint's name, the packaged agent trusting that
 * CA through a test-only trust store and resolving the name through a hosts file.
 */
class RedisTlsAuthIT {
  static final String NAME = "redis.zerodown.test";
  static final String SECRET = "correct-horse-battery-staple-0123456789";

  @TempDir
  static Path dir;
  static RedisServer good;
  static RedisServer otherName;
  static int goodTls;
  static int otherTls;
  static Path trustStore;
  static Path hosts;

  @BeforeAll
  static void start() throws Exception {
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
        "-subj", "/CN=zerodown throwaway test CA");
    certificate("redis", NAME);
    certificate("other", "other.zerodown.test");
    trustStore = dir.resolve("trust.p12");
    run(List.of("keytool", "-importcert", "-noprompt", "-alias", "test-ca", "-file", dir.resolve("ca.crt").toString(),
        "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", "changeit"));
    hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 " + NAME + "\n");
    goodTls = FreePort.pick();
    good = tlsServer("redis", goodTls);
    otherTls = FreePort.pick();
    otherName = tlsServer("other", otherTls);
  }

  @AfterAll
  static void stop() {
    if (good != null) good.close();
    if (otherName != null) otherName.close();
  }

  static RedisServer tlsServer(String cert, int tlsPort) {
    return RedisServer.at("127.0.0.1", FreePort.pick()).withPassword(SECRET).withArgs(
        "--tls-port", String.valueOf(tlsPort),
        "--tls-cert-file", dir.resolve(cert + ".crt").toString(), "--tls-key-file", dir.resolve(cert + ".key").toString(),
        "--tls-ca-cert-file", dir.resolve("ca.crt").toString(), "--tls-auth-clients", "no").start();
  }

  static void certificate(String name, String dns) throws Exception {
    Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=DNS:" + dns + "\n");
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + dns);
    openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext");
  }

  static void openssl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    run(cmd);
  }

  static void run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) throw new IllegalStateException(cmd + " failed: " + out);
  }

  record Agent(AgentProcess process, int adminPort) implements AutoCloseable {
    HttpResponse<String> ready() {
      return TestAgent.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/ready"))
          .timeout(Duration.ofSeconds(10)).GET().build());
    }

    @Override
    public void close() {
      process.close();
    }
  }

  static Agent agent(int tlsPort, String password) {
    int admin = FreePort.pick();
    Map<String, String> env = new HashMap<>(Map.of("REDIS_HOST", NAME, "REDIS_PORT", String.valueOf(tlsPort),
        "REDIS_TLS", "true", "REDIS_PASSWORD", password, "ADMIN_PORT", String.valueOf(admin),
        "INSTANCE_ID", "i-tls", "METRICS_ENABLED", "false", "REDIS_TIMEOUT_MS", "2000"));
    AgentProcess p = AgentProcess.launch().jvmOptions(List.of("@" + AgentProcess.unitJvmOptionsFile(),
        "-Djdk.net.hosts.file=" + hosts, "-Djavax.net.ssl.trustStore=" + trustStore,
        "-Djavax.net.ssl.trustStorePassword=changeit", "-Djavax.net.ssl.trustStoreType=PKCS12")).env(env).start();
    p.awaitReady(Duration.ofSeconds(60));
    return new Agent(p, admin);
  }

  /** The first hello.py that is not 503 (the first TLS handshake can take a while on a busy machine). */
  static HttpResponse<String> awaitHello(AgentProcess p) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    HttpResponse<String> r = p.get("/cgi-bin/hello.py");
    while (r.statusCode() == 503 && System.nanoTime() < deadline) {
      AgentProcess.sleep(100);
      r = p.get("/cgi-bin/hello.py");
    }
    return r;
  }

  @Test
  void tls_with_the_right_name_and_password_serves_hello_and_is_ready() {
    good.command("SET", "count", "700");
    try (Agent a = agent(goodTls, SECRET)) {
      HttpResponse<String> first = awaitHello(a.process());
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.body()).contains("counter: 701<br />");
      assertThat(a.process().get("/cgi-bin/hello.py").body()).contains("counter: 702<br />");
      assertThat(a.ready().statusCode()).isEqualTo(200);
      assertThat(good.command("GET", "count")).isEqualTo("702");
      assertThat(a.process().log()).doesNotContain(SECRET);
    }
  }

  @Test
  void a_certificate_for_another_name_is_refused() {
    otherName.command("SET", "count", "900");
    try (Agent a = agent(otherTls, SECRET)) {
      AgentProcess.sleep(1000);
      assertThat(a.process().get("/cgi-bin/hello.py").statusCode()).isEqualTo(503);
      HttpResponse<String> ready = a.ready();
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).startsWith("not ready: redis " + NAME + ":" + otherTls + " (tls): ")
          .contains(NAME).hasLineCount(1);
      System.out.println("RedisTlsAuthIT other name: " + ready.body().trim());
      assertThat(otherName.command("GET", "count")).as("nothing reached Redis").isEqualTo("900");
    }
  }

  @Test
  void a_wrong_password_gives_503_and_a_reason_that_does_not_print_it() throws IOException {
    String wrong = "wrong-password-that-must-not-leak-42";
    try (Agent a = agent(goodTls, wrong)) {
      AgentProcess.sleep(1000);
      HttpResponse<String> hello = a.process().get("/cgi-bin/hello.py");
      assertThat(hello.statusCode()).isEqualTo(503);
      assertThat(hello.body()).doesNotContain(wrong);
      HttpResponse<String> ready = a.ready();
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).startsWith("not ready: redis " + NAME + ":" + goodTls + " (tls): ")
          .containsIgnoringCase("WRONGPASS").doesNotContain(wrong).hasLineCount(1);
      System.out.println("RedisTlsAuthIT wrong password: " + ready.body().trim());
      assertThat(a.process().log()).doesNotContain(wrong);
    }
  }
}
