package dev.zerodown.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One agent: {@code java -jar agent.jar} as a real process on a loopback port, signalled by PID. */
final class AgentProcess implements AutoCloseable {
  private final String instanceId;
  private final int port;
  private final int adminPort;
  private final int healthPort;
  private final Process process;
  private final Path log;
  private volatile long exitNanos;

  private AgentProcess(String instanceId, int port, int adminPort, int healthPort, Process process, Path log) {
    this.instanceId = instanceId;
    this.port = port;
    this.adminPort = adminPort;
    this.healthPort = healthPort;
    this.process = process;
    this.log = log;
    process.onExit().thenRun(() -> exitNanos = System.nanoTime());
  }

  /**
   * Starts the jar with the agent's environment contract (DESIGN.md) for a local run, serving on
   * {@code port} and answering the health check on {@code healthPort} (HEALTH_PORT, as on the instance).
   */
  static AgentProcess start(AgentLaunch launch, String instanceId, int port, int healthPort, Path dir) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(launch.jvmOptions());
    cmd.add("-jar");
    cmd.add(launch.jar().toString());
    Path log = dir.resolve("agent-" + instanceId + ".log");
    int adminPort = dev.zerodown.testsupport.FreePort.pick();
    try {
      Files.createDirectories(dir);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Map<String, String> env = pb.environment();
      env.put("PORT", String.valueOf(port));
      env.put("ADMIN_PORT", String.valueOf(adminPort));
      env.put("HEALTH_PORT", String.valueOf(healthPort));
      env.put("REDIS_HOST", launch.redisHost());
      env.put("REDIS_PORT", String.valueOf(launch.redisPort()));
      env.put("DRAIN_SECONDS", String.valueOf(launch.drainSeconds()));
      env.put("INSTANCE_ID", instanceId);
      env.put("ENV_NAME", "harness");
      env.put("METRICS_ENABLED", "false");
      // nothing the agent does may reach AWS from here
      env.put("AWS_REGION", "eu-west-3");
      env.put("AWS_ACCESS_KEY_ID", "test");
      env.put("AWS_SECRET_ACCESS_KEY", "test");
      env.put("AWS_EC2_METADATA_DISABLED", "true");
      env.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1");
      env.putAll(launch.extraEnv());
      return new AgentProcess(instanceId, port, adminPort, healthPort, pb.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the agent " + cmd, e);
    }
  }

  /** Waits until ping.py answers 200; fails with the log's tail if the process exits or time runs out. */
  AgentProcess awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("agent " + instanceId + " exited with " + process.exitValue() + "; log: " + tail());
      }
      try (HttpConnection c = HttpConnection.open(port, Duration.ofSeconds(2))) {
        if (c.get("/cgi-bin/ping.py").status() == 200) return this;
      } catch (IOException notYet) {
        // not listening yet
      }
      Pause.millis(50);
    }
    throw new IllegalStateException("agent " + instanceId + " not ready on port " + port + " within " + timeout + "; log: " + tail());
  }

  String instanceId() {
    return instanceId;
  }

  int port() {
    return port;
  }

  /** The loopback admin listener ({@code GET /ready}). */
  int adminPort() {
    return adminPort;
  }

  /** The health-check listener (ping.py only), the port haproxy checks as the ALB does. */
  int healthPort() {
    return healthPort;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** SIGTERM (planned stop); returns the nanoTime it was sent. */
  long terminate() {
    long t = System.nanoTime();
    process.destroy();
    return t;
  }

  /** SIGKILL (crash); returns the nanoTime it was sent. */
  long kill() {
    long t = System.nanoTime();
    process.destroyForcibly();
    return t;
  }

  /** Waits for the process to end; returns its exit code. */
  int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("agent " + instanceId + " still running after " + timeout + "; log: " + tail());
      }
      process.onExit().get(5, TimeUnit.SECONDS);
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  /** nanoTime at which the process was seen to exit (0 while it runs). */
  long exitNanos() {
    return exitNanos;
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  Path log() {
    return log;
  }

  @Override
  public void close() {
    if (!process.isAlive()) return;
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What every agent process of a run shares: the jar, JVM options, Redis and the drain time. */
  record AgentLaunch(Path jar, List<String> jvmOptions, String redisHost, int redisPort, int drainSeconds,
      Map<String, String> extraEnv) {
    AgentLaunch(Path jar, List<String> jvmOptions, String redisHost, int redisPort, int drainSeconds) {
      this(jar, jvmOptions, redisHost, redisPort, drainSeconds, Map.of());
    }

    AgentLaunch withJar(Path other) {
      return new AgentLaunch(other, jvmOptions, redisHost, redisPort, drainSeconds, extraEnv);
    }
  }
}
