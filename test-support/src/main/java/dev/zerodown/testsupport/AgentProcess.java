package dev.zerodown.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged agent ({@code java -jar agent.jar}) as a real process on a loopback port: the one fixture every
 * module's tests start agents with.
 *
 * <pre>{@code
 * try (AgentProcess agent = AgentProcess.launch()
 *     .redis(redis.host(), redis.port())
 *     .env("DRAIN_SECONDS", "3")
 *     .startReady()) {                       // waits until ping.py answers 200
 *   assertThat(agent.get("/cgi-bin/hello.py").statusCode()).isEqualTo(200);
 *   agent.sigterm();
 *   assertThat(agent.awaitExit(Duration.ofSeconds(30))).isZero();
 * }
 * }</pre>
 *
 * <p>A {@link Launch} is an immutable description (jar, JVM options, environment, port); every method returns a
 * new one, so a test or a {@link LoopbackTier} keeps one and derives per-process variants from it.
 *
 * <p>What every launch gets, whatever the test sets on top: {@code BIND_HOST=127.0.0.1}, {@code PORT} (a free
 * loopback port unless {@link Launch#port(int)}), and the SDK's instance metadata disabled and pointed at a closed
 * loopback port, so nothing an agent does leaves the machine. The environment is built from scratch (PATH and HOME
 * only) unless {@link Launch#inheritEnvironment()}.
 *
 * <p>Defaults: the jar is {@link #packagedJar()}, the JVM options are the instance's ({@link #instanceJvmOptions()}),
 * the log is a new file in {@link Scratch#base()} ({@code target/processes/}, never /tmp).
 * {@link #close()} is SIGKILL: a test that wants the graceful stop calls {@link #sigterm()} and
 * {@link #awaitExit(Duration)}.
 */
public final class AgentProcess implements AutoCloseable {
  /** How long a fresh JVM on a busy shared machine may take to answer ping.py. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /** Keeps the JVM's own sizing (anything still derived from RAM) like on the 1 GiB t3.micro it is written for. */
  public static final String INSTANCE_RAM = "-XX:MaxRAM=1g";

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private final Launch launch;
  private final int port;
  private final ManagedProcess process;

  private AgentProcess(Launch launch, int port, ManagedProcess process) {
    this.launch = launch;
    this.port = port;
    this.process = process;
  }

  /** A launch of {@link #packagedJar()} with the instance's JVM options; change it with its methods. */
  public static Launch launch() {
    return launch(packagedJar());
  }

  /** A launch of {@code jar} with the instance's JVM options. */
  public static Launch launch(Path jar) {
    return new Launch(jar.toAbsolutePath().normalize(), instanceJvmOptions(), Map.of(), false, 0,
        Scratch.base());
  }

  /**
   * The agent jar of this build: the system property {@code zerodown.agentJar} (the parent pom sets it for
   * failsafe), else {@code agent/target/agent.jar} in the checkout ({@link #checkoutRoot()}).
   */
  public static Path packagedJar() {
    String property = System.getProperty("zerodown.agentJar");
    Path jar = property != null ? Path.of(property) : checkoutRoot().resolve("agent/target/agent.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar.toAbsolutePath() + " is missing: package the agent first"
          + " (./mvnw -B -pl <module> -am verify builds it in the same run)");
    }
    return jar.toAbsolutePath().normalize();
  }

  /**
   * The JVM options of the systemd unit on the instance: {@link #INSTANCE_RAM} and the argfile
   * {@code userdata/agent-jvm.options} (system property {@code zerodown.jvmOptions}, else found in the checkout).
   */
  public static List<String> instanceJvmOptions() {
    String property = System.getProperty("zerodown.jvmOptions");
    Path argfile = property != null ? Path.of(property) : checkoutRoot().resolve("userdata/agent-jvm.options");
    if (!Files.isRegularFile(argfile)) {
      throw new IllegalStateException("no JVM options file at " + argfile.toAbsolutePath());
    }
    return List.of(INSTANCE_RAM, "@" + argfile.toAbsolutePath().normalize());
  }

  /** The unit's JVM options argfile ({@code userdata/agent-jvm.options}), absolute. */
  public static Path unitJvmOptionsFile() {
    String property = System.getProperty("zerodown.jvmOptions");
    Path argfile = property != null ? Path.of(property) : checkoutRoot().resolve("userdata/agent-jvm.options");
    return argfile.toAbsolutePath().normalize();
  }

  /** Sleeps; an interrupt becomes an IllegalStateException (for polling loops in tests). */
  public static void sleep(long millis) {
    ManagedProcess.sleep(millis);
  }

  /**
   * The repository root: the system property {@code zerodown.root}, else the nearest directory at or above the
   * working directory that holds {@code userdata/agent-jvm.options}.
   */
  public static Path checkoutRoot() {
    String property = System.getProperty("zerodown.root");
    if (property != null) return Path.of(property).toAbsolutePath().normalize();
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("userdata/agent-jvm.options"))) return dir;
    }
    throw new IllegalStateException("not inside a zerodown checkout: " + Path.of("").toAbsolutePath());
  }

  /** Waits until ping.py answers 200 within {@link #START_TIMEOUT}. */
  public AgentProcess awaitReady() {
    return awaitReady(START_TIMEOUT);
  }

  /** Waits until ping.py answers 200; fails with the log's tail if the process exits or time runs out. */
  public AgentProcess awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name() + " exited with " + process.process().exitValue() + "; log:\n" + tail());
      }
      try {
        if (send(HttpRequest.newBuilder(uri("/cgi-bin/ping.py")).timeout(Duration.ofSeconds(2)).GET().build())
            .statusCode() == 200) {
          return this;
        }
      } catch (UncheckedIOException notYet) {
        // not listening yet
      }
      ManagedProcess.sleep(50);
    }
    throw new IllegalStateException(name() + " did not answer ping.py 200 on port " + port + " within " + timeout
        + "; log:\n" + tail());
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** GET {@code path} (HTTP/1.1, 20 s timeout); a connection failure is an {@link UncheckedIOException}. */
  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).GET().build());
  }

  /** Sends {@code request} with the fixture's HTTP/1.1 client. */
  public static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return port;
  }

  /**
   * The health-check listener's port ({@code HEALTH_PORT}: ping.py only, what the load balancer checks), or -1
   * when the launch set none (or set 0, a port only the agent knows).
   */
  public int healthPort() {
    String p = launch.env().get("HEALTH_PORT");
    return p == null || p.equals("0") ? -1 : Integer.parseInt(p);
  }

  /** The admin listener's port ({@code ADMIN_PORT}, {@code GET /ready}), or -1 without one. */
  public int adminPort() {
    String p = launch.env().get("ADMIN_PORT");
    return p == null || p.equals("0") || !p.matches("\\d+") ? -1 : Integer.parseInt(p);
  }

  /** The INSTANCE_ID it was started with, or {@code agent-<port>} without one. */
  public String name() {
    return process.name();
  }

  /** The launch this process was started from. */
  public Launch launched() {
    return launch;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM (planned stop: the agent drains, then stops); returns the nanoTime it was sent at. */
  public long sigterm() {
    return process.terminate();
  }

  /** SIGINT (Ctrl-C in a terminal); returns the nanoTime it was sent at. */
  public long sigint() {
    return process.signal("INT");
  }

  /** SIGKILL (crash); returns the nanoTime it was sent at. */
  public long sigkill() {
    return process.kill();
  }

  /** Waits for the process to end and returns its exit code; fails with the log's tail after {@code timeout}. */
  public int awaitExit(Duration timeout) {
    return process.awaitExit(timeout);
  }

  /** The nanoTime at which the process was seen to exit; 0 while it runs. */
  public long exitNanos() {
    return process.exitNanos();
  }

  /** Everything the process printed so far (stdout and stderr). */
  public String log() {
    return process.logText();
  }

  public List<String> logLines() {
    return process.logLines();
  }

  /** The last 30 lines of the log, for failure messages. */
  public String tail() {
    return process.tail(30);
  }

  public Path logFile() {
    return process.log();
  }

  /** SIGKILL if still running (a test's end needs no drain). */
  @Override
  public void close() {
    if (!process.isAlive()) return;
    process.kill();
    try {
      process.awaitExit(Duration.ofSeconds(10));
    } catch (IllegalStateException ignored) {
      // nothing more a test can do about a process SIGKILL did not end
    }
  }

  /**
   * How to start an agent: jar, JVM options, environment overlay, port, log directory. Immutable; every method
   * returns a changed copy.
   */
  public static final class Launch {
    private final Path jar;
    private final List<String> jvmOptions;
    private final Map<String, String> env;
    private final boolean inheritEnvironment;
    private final int port;
    private final Path logDir;

    private Launch(Path jar, List<String> jvmOptions, Map<String, String> env, boolean inheritEnvironment, int port,
        Path logDir) {
      this.jar = jar;
      this.jvmOptions = List.copyOf(jvmOptions);
      this.env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
      this.inheritEnvironment = inheritEnvironment;
      this.port = port;
      this.logDir = logDir;
    }

    /** Another jar (a rollout to a new version). */
    public Launch jar(Path other) {
      return new Launch(other.toAbsolutePath().normalize(), jvmOptions, env, inheritEnvironment, port, logDir);
    }

    /** Replaces the JVM options (default: {@link #instanceJvmOptions()}; {@code List.of()} for the JVM's own). */
    public Launch jvmOptions(List<String> options) {
      return new Launch(jar, options, env, inheritEnvironment, port, logDir);
    }

    /** Sets one environment variable on top of the base environment. */
    public Launch env(String key, String value) {
      Map<String, String> m = new LinkedHashMap<>(env);
      m.put(key, value);
      return new Launch(jar, jvmOptions, m, inheritEnvironment, port, logDir);
    }

    /** Sets these environment variables on top of the base environment. */
    public Launch env(Map<String, String> more) {
      Map<String, String> m = new LinkedHashMap<>(env);
      m.putAll(more);
      return new Launch(jar, jvmOptions, m, inheritEnvironment, port, logDir);
    }

    /** The test JVM's environment as the base instead of PATH and HOME only. */
    public Launch inheritEnvironment() {
      return new Launch(jar, jvmOptions, env, true, port, logDir);
    }

    /** A fixed port (a slot that agent processes come and go on); default: a free one at each start. */
    public Launch port(int fixed) {
      return new Launch(jar, jvmOptions, env, inheritEnvironment, fixed, logDir);
    }

    /** INSTANCE_ID (shown on hello.py, the process's name in messages and its log file's name). */
    public Launch instanceId(String id) {
      return env("INSTANCE_ID", id);
    }

    /** REDIS_HOST and REDIS_PORT. */
    public Launch redis(String host, int redisPort) {
      return env("REDIS_HOST", host).env("REDIS_PORT", String.valueOf(redisPort));
    }

    /** ADMIN_PORT: the loopback admin listener ({@code GET /ready}); default 0, none. */
    public Launch adminPort(int port) {
      return env("ADMIN_PORT", String.valueOf(port));
    }

    /** HEALTH_PORT: the health-check listener (ping.py only, on its own threads), as the unit runs it. */
    public Launch healthPort(int port) {
      return env("HEALTH_PORT", String.valueOf(port));
    }

    /** DRAIN_SECONDS: how long ping.py answers 503 after SIGTERM before the server stops. */
    public Launch drainSeconds(int seconds) {
      return env("DRAIN_SECONDS", String.valueOf(seconds));
    }

    /** Where the log files go (default {@link Scratch#base()}). */
    public Launch logDir(Path dir) {
      return new Launch(jar, jvmOptions, env, inheritEnvironment, port, dir);
    }

    public Path jar() {
      return jar;
    }

    public List<String> jvmOptions() {
      return jvmOptions;
    }

    /** The environment overlay (what the test set, not the base). */
    public Map<String, String> env() {
      return env;
    }

    /** DRAIN_SECONDS as set, or the agent's default of 15. */
    public int drainSeconds() {
      return Integer.parseInt(env.getOrDefault("DRAIN_SECONDS", "15"));
    }

    /** Starts the process and returns at once (for tests of start-up failures); see {@link #startReady()}. */
    public AgentProcess start() {
      if (!Files.isRegularFile(jar)) throw new IllegalStateException(jar + " is missing: package the agent first");
      String portSet = env.get("PORT");
      int p = portSet != null && portSet.matches("\\d{1,5}") ? Integer.parseInt(portSet)
          : port != 0 ? port : FreePort.pick();
      String id = env.getOrDefault("INSTANCE_ID", "agent-" + p);
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(jvmOptions);
      cmd.add("-jar");
      cmd.add(jar.toString());
      Map<String, String> all = new LinkedHashMap<>();
      // Nothing an agent does may reach AWS from here: the SDK's instance metadata lookups go to a closed port.
      all.put("AWS_EC2_METADATA_DISABLED", "true");
      all.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1");
      all.put("BIND_HOST", "127.0.0.1");
      all.put("PORT", String.valueOf(p));
      all.put("ADMIN_PORT", "0"); // no admin listener unless a test asks (Launch.adminPort): two agents cannot share one
      all.putAll(env); // a test of bad configuration may set PORT itself
      Path log;
      try {
        Files.createDirectories(logDir);
        log = Files.createTempFile(logDir, id + "-", ".log"); // a fresh file per process: log() is this one's only
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new AgentProcess(this, p, ManagedProcess.start(id, cmd, all, inheritEnvironment, log));
    }

    /** Starts the process and waits until ping.py answers 200 ({@link #START_TIMEOUT}). */
    public AgentProcess startReady() {
      AgentProcess process = start();
      try {
        return process.awaitReady();
      } catch (RuntimeException e) {
        process.close();
        throw e;
      }
    }
  }
}
