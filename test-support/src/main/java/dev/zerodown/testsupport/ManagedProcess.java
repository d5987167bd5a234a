package dev.zerodown.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child process started by a test, its output (stdout and stderr) kept in a log file, signalled by PID:
 * {@link #terminate()} is SIGTERM, {@link #kill()} SIGKILL, {@link #close()} SIGTERM then SIGKILL after 10 s.
 */
public final class ManagedProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private volatile long exitNanos;
  private final java.util.concurrent.CompletableFuture<Void> exitSeen;

  private ManagedProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.exitSeen = process.onExit().thenRun(() -> exitNanos = System.nanoTime());
  }

  /** Starts {@code command} with this JVM's environment, output appended to {@code log}. */
  public static ManagedProcess start(String name, List<String> command, Path log) {
    return start(name, command, Map.of(), true, log);
  }

  /**
   * Starts {@code command} with {@code env} on top of this JVM's environment ({@code inherit}) or on top of
   * nothing but PATH and HOME ({@code !inherit}: a test's own AWS or Redis settings cannot leak in); output
   * appended to {@code log}.
   */
  public static ManagedProcess start(String name, List<String> command, Map<String, String> env, boolean inherit,
      Path log) {
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      ProcessBuilder pb = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Map<String, String> e = pb.environment();
      if (!inherit) {
        e.clear();
        e.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        e.put("HOME", System.getProperty("java.io.tmpdir"));
      }
      e.putAll(env);
      return new ManagedProcess(name, pb.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name + ": " + command, e);
    }
  }

  /** Waits until {@code port} on loopback accepts connections, or fails with the log's tail. */
  public ManagedProcess awaitPort(int port, Duration timeout) {
    return awaitPort("127.0.0.1", port, timeout);
  }

  /** Waits until host:port accepts connections, or fails with the log's tail. */
  public ManagedProcess awaitPort(String host, int port, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log: " + tail());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, port), 200);
        return this;
      } catch (IOException notYet) {
        sleep(50);
      }
    }
    close();
    throw new IllegalStateException(name + " did not listen on " + host + ":" + port + " within " + timeout + "; log: " + tail());
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Process process() {
    return process;
  }

  public Path log() {
    return log;
  }

  /** The last 20 lines of the log, for failure messages. */
  public String tail() {
    return tail(20);
  }

  /** The last {@code lines} lines of the log. */
  public String tail(int lines) {
    List<String> all = logLines();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  /** Everything the process printed so far. */
  public String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** {@link #logText()} line by line. */
  public List<String> logLines() {
    return logText().lines().toList();
  }

  /** SIGTERM (a planned stop); returns the {@code System.nanoTime()} it was sent at. */
  public long terminate() {
    long t = System.nanoTime();
    process.destroy();
    return t;
  }

  /** SIGKILL (a crash); returns the {@code System.nanoTime()} it was sent at. */
  public long kill() {
    long t = System.nanoTime();
    process.destroyForcibly();
    return t;
  }

  /**
   * Sends signal {@code name} ("INT", "HUP", ...) with kill(1): what Ctrl-C does in a terminal, which Process
   * cannot send. Returns the nanoTime it was sent at.
   */
  public long signal(String name) {
    long t = System.nanoTime();
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).redirectErrorStream(true).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed: "
            + new String(kill.getInputStream().readAllBytes()));
      }
      return t;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits for the process to end and returns its exit code; fails with the log's tail after {@code timeout}. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(name + " still running after " + timeout + "; log: " + tail());
      }
      exitSeen.get(5, TimeUnit.SECONDS); // so that exitNanos() is set when this returns
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The {@code System.nanoTime()} at which the process was seen to exit; 0 while it runs. */
  public long exitNanos() {
    return exitNanos;
  }

  public String name() {
    return name;
  }

  /** SIGTERM, then SIGKILL after 10 s. */
  @Override
  public void close() {
    if (!process.isAlive()) return;
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
