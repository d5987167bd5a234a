package dev.zerodown.testsupport;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real Redis for tests: the local {@code redis-server} binary on a free loopback port, or a
 * {@code redis:7} container where only Docker is available. Register with {@code @RegisterExtension}.
 */
public final class RedisServer extends ClassScopedServer {
  private String bind = "127.0.0.1";
  private final List<String> extraArgs = new java.util.ArrayList<>();
  private String password;
  private Path dir;
  private int port;
  private boolean paused;

  /**
   * A server on {@code bind}:{@code port} (another loopback address such as 127.0.0.2 lets two
   * servers share one port, as two nodes behind one DNS name do); needs the redis-server binary.
   */
  public static RedisServer at(String bind, int port) {
    RedisServer r = new RedisServer();
    r.bind = bind;
    r.port = port;
    return r;
  }

  /** Extra redis-server arguments (TLS, replication, …) for the next start. */
  public RedisServer withArgs(String... args) {
    extraArgs.addAll(List.of(args));
    return this;
  }

  /** Requires AUTH with {@code secret}; {@link #command} authenticates with it. */
  public RedisServer withPassword(String secret) {
    password = secret;
    return this;
  }

  /** Starts the server (idempotent); on a restart the binary keeps its port and its data. */
  @Override
  public synchronized RedisServer start() {
    if (process != null && process.isAlive() || container != null) return this;
    if (Binaries.onPath("redis-server").isPresent()) {
      if (dir == null) dir = Scratch.newDirectory("redis-");
      if (port == 0) port = FreePort.pick();
      List<String> cmd = new java.util.ArrayList<>(List.of("redis-server",
          "--port", String.valueOf(port), "--bind", bind, "--dir", dir.toString(),
          "--save", "", "--appendonly", "no", "--protected-mode", "no"));
      cmd.addAll(extraArgs);
      if (password != null) cmd.addAll(List.of("--requirepass", password));
      process = ManagedProcess.start("redis-server", cmd, dir.resolve("redis.log")).awaitPort(bind, port, Duration.ofSeconds(10));
    } else if (!"127.0.0.1".equals(bind) || !extraArgs.isEmpty() || password != null) {
      throw new IllegalStateException("This test needs the redis-server binary (apt-get install -y redis-server): "
          + "a container cannot bind " + bind + " or take extra arguments here");
    } else if (Binaries.dockerAvailable()) {
      container = new GenericContainer<>(DockerImageName.parse("redis:7")).withExposedPorts(6379);
      container.start();
      port = container.getMappedPort(6379);
    } else {
      throw new IllegalStateException("Tests need a real Redis: install redis-server "
          + "(apt-get install -y redis-server) or start a Docker engine for Testcontainers");
    }
    return this;
  }

  public String host() {
    return container != null ? container.getHost() : bind;
  }

  public int port() {
    return port;
  }

  /** Runs one command against this server (independent connection) and returns the reply. */
  public String command(String... args) {
    if (password != null) return Resp.command(host(), port, password, args);
    return Resp.command(host(), port, args);
  }

  /** The server's log (redis-server binary only). */
  public java.nio.file.Path log() {
    return dir == null ? null : dir.resolve("redis.log");
  }

  /** The directory the server runs in (certificates and the log can go there). */
  public java.nio.file.Path dir() {
    return dir;
  }

  /**
   * Makes Redis unavailable while keeping its data: the binary saves and shuts down (connections
   * refused), a container is paused (connections hang). {@link #recover()} brings it back.
   */
  public synchronized void outage() {
    if (container != null) {
      DockerClientFactory.instance().client().pauseContainerCmd(container.getContainerId()).exec();
      paused = true;
      return;
    }
    try {
      command("SHUTDOWN", "SAVE");
    } catch (UncheckedIOException expected) {
      // the server closes the connection as it exits
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (process.isAlive() && System.nanoTime() < deadline) ManagedProcess.sleep(20);
    process.close();
    process = null;
  }

  /** Ends an {@link #outage()}: same port, same data. */
  public synchronized void recover() {
    if (container != null) {
      if (paused) DockerClientFactory.instance().client().unpauseContainerCmd(container.getContainerId()).exec();
      paused = false;
      return;
    }
    start();
  }
}
