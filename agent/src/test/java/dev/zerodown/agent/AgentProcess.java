package dev.zerodown.agent;

import dev.zerodown.testsupport.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged agent ({@code target/agent.jar}) as a real process with an environment built from
 * scratch (no inherited AWS settings), on a free loopback port.
 */
public final class AgentProcess implements AutoCloseable {
  public static final Path JAR = Path.of("target", "agent.jar");

  private final Process process;
  private final Path log;
  private final int port;

  private AgentProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Starts the jar with {@code env} on top of PATH/HOME, loopback bind and a free PORT; does not wait. */
  public static AgentProcess launch(Map<String, String> env) {
    return launch(List.of(), env);
  }

  /** The unit's own JVM options file (userdata/agent-jvm.options), as the systemd unit passes it. */
  public static final Path UNIT_JVM_OPTIONS = Path.of("..", "userdata", "agent-jvm.options");

  /** Like {@link #launch(Map)} with JVM arguments before {@code -jar} (an argfile as {@code @path}, -D flags). */
  public static AgentProcess launch(List<String> jvmArgs, Map<String, String> env) {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the package phase first (./mvnw verify)");
    }
    int port = FreePort.pick();
    try {
      Path log = Files.createTempFile("zerodown-agent", ".log");
      List<String> cmd = new java.util.ArrayList<>();
      cmd.add(javaBinary());
      cmd.addAll(jvmArgs);
      cmd.add("-jar");
      cmd.add(JAR.toAbsolutePath().toString());
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
      Map<String, String> e = pb.environment();
      e.clear();
      e.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
      e.put("HOME", System.getProperty("java.io.tmpdir"));
      // Keep the SDK's chains on this machine whatever a test sets.
      e.put("AWS_EC2_METADATA_DISABLED", "true");
      e.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1");
      e.put("BIND_HOST", "127.0.0.1");
      e.put("PORT", String.valueOf(port));
      e.put("ADMIN_PORT", "0");
      e.putAll(env);
      return new AgentProcess(pb.start(), log, port);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** Starts the jar and waits until ping.py answers 200. */
  public static AgentProcess start(Map<String, String> env) {
    AgentProcess p = launch(env);
    p.awaitPing(Duration.ofSeconds(60));
    return p;
  }

  public AgentProcess awaitPing(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException("agent exited with " + process.exitValue() + ": " + log());
      try {
        if (get("/cgi-bin/ping.py").statusCode() == 200) return this;
      } catch (UncheckedIOException notYet) {
        // not listening yet
      }
      sleep(50);
    }
    throw new IllegalStateException("agent did not answer ping.py within " + timeout + ": " + log());
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  public HttpResponse<String> get(String path) {
    return TestAgent.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).GET().build());
  }

  public Process process() {
    return process;
  }

  /** SIGTERM (Process.destroy on Linux). */
  public void sigterm() {
    process.destroy();
  }

  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("agent still running after " + timeout + ": " + log());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Everything the process printed so far. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  public List<String> logLines() {
    return log().lines().toList();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> env(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
    return m;
  }

}
