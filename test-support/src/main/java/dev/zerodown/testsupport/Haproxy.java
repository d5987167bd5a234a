package dev.zerodown.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * haproxy in front of agents on loopback, configured like the ALB: round robin, health check GET
 * /cgi-bin/ping.py (on each agent's health-check port when given, as the target group's HealthCheckPort) every {@link HealthTiming#inter()} with fall/rise, no retry and no redispatch to another server
 * (the ALB does neither), keep-alive towards the agents. A stats page on a second port tells each server's state.
 *
 * <pre>{@code
 * try (Haproxy lb = Haproxy.start(Map.of("a", agentA.port(), "b", agentB.port()), HealthTiming.FAST, dir)) {
 *   lb.await("a", "UP", Duration.ofSeconds(10));
 *   ... GET lb.uri("/cgi-bin/hello.py") ...
 * }
 * }</pre>
 *
 * <p>Needs the {@code haproxy} binary on PATH ({@code apt-get install -y haproxy}; .ci/run installs it).
 */
public final class Haproxy implements AutoCloseable {
  /** The backend's name in the configuration and on the stats page. */
  public static final String BACKEND = "agents";

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

  private final ManagedProcess process;
  private final int port;
  private final int statsPort;

  private Haproxy(ManagedProcess process, int port, int statsPort) {
    this.process = process;
    this.port = port;
    this.statsPort = statsPort;
  }

  /**
   * Starts haproxy on a free loopback port with one server per entry of {@code servers} (name to loopback port,
   * in the map's order); its configuration and log go to {@code dir}. Returns once both ports listen; the servers
   * are UP only after {@code rise} good checks: {@link #await} them.
   */
  public static Haproxy start(Map<String, Integer> servers, HealthTiming timing, Path dir) {
    return start(servers, Map.of(), timing, dir);
  }

  /**
   * As {@link #start(Map, HealthTiming, Path)}, each server checked on its port in {@code checkPorts} (an agent's
   * HEALTH_PORT) instead of its serving port; a server missing there is checked on its serving port.
   */
  public static Haproxy start(Map<String, Integer> servers, Map<String, Integer> checkPorts, HealthTiming timing,
      Path dir) {
    if (Binaries.onPath("haproxy").isEmpty()) {
      throw new IllegalStateException("These tests need haproxy on PATH: apt-get install -y haproxy");
    }
    int port = FreePort.pick();
    int statsPort = FreePort.pick();
    Path cfg = dir.resolve("haproxy.cfg");
    try {
      Files.createDirectories(dir);
      Files.writeString(cfg, config(port, statsPort, servers, checkPorts, timing), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ManagedProcess p = ManagedProcess.start("haproxy", List.of("haproxy", "-db", "-f", cfg.toString()),
        dir.resolve("haproxy.log"));
    try {
      p.awaitPort(port, Duration.ofSeconds(10)).awaitPort(statsPort, Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
    return new Haproxy(p, port, statsPort);
  }

  /** The configuration {@link #start} writes. */
  public static String config(int port, int statsPort, Map<String, Integer> servers, Map<String, Integer> checkPorts,
      HealthTiming t) {
    StringBuilder s = new StringBuilder();
    s.append("""
        global
          maxconn 1024
        defaults
          mode http
          option http-keep-alive
          timeout connect 1s
          timeout client 30s
          timeout server 10s
          timeout http-request 10s
          timeout http-keep-alive 30s
          timeout check %dms
          # like the ALB: a request that fails on its server is not retried anywhere
          retries 0
          no option redispatch
        frontend web
          bind 127.0.0.1:%d
          default_backend %s
        backend %s
          balance roundrobin
          http-reuse safe
          option httpchk
          http-check send meth GET uri /cgi-bin/ping.py ver HTTP/1.1 hdr Host localhost
          http-check expect status 200
          default-server inter %dms fall %d rise %d
        """.formatted(t.timeout().toMillis(), port, BACKEND, BACKEND, t.inter().toMillis(), t.fall(), t.rise()));
    servers.forEach((name, p) -> {
      s.append("  server ").append(name).append(" 127.0.0.1:").append(p).append(" check");
      if (checkPorts.containsKey(name)) s.append(" port ").append(checkPorts.get(name));
      s.append("\n");
    });
    s.append("""
        listen stats
          bind 127.0.0.1:%d
          stats enable
          stats uri /stats
        """.formatted(statsPort));
    return s.toString();
  }

  /** The frontend's port (where clients send requests). */
  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:<port><path>} on the frontend. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** Each server's status as haproxy's stats page shows it ("UP", "DOWN", "UP 1/2", "MAINT", ...). */
  public Map<String, String> serverStatus() {
    HttpResponse<String> r;
    try {
      r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/stats;csv;norefresh"))
          .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("haproxy stats on port " + statsPort + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    String[] lines = r.body().split("\n");
    String[] header = lines[0].replaceFirst("^# ", "").split(",");
    int px = indexOf(header, "pxname");
    int sv = indexOf(header, "svname");
    int st = indexOf(header, "status");
    Map<String, String> out = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].split(",", -1);
      if (f.length > st && f[px].equals(BACKEND) && !f[sv].equals("BACKEND")) out.put(f[sv], f[st]);
    }
    return out;
  }

  private static int indexOf(String[] header, String name) {
    for (int i = 0; i < header.length; i++) if (header[i].equals(name)) return i;
    throw new IllegalStateException("haproxy stats have no column " + name);
  }

  /** Waits until haproxy reports {@code server} exactly in {@code status}; returns the nanoTime it was seen. */
  public long await(String server, String status, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = serverStatus().get(server);
      } catch (UncheckedIOException busy) {
        last = "(stats: " + busy.getMessage() + ")";
      }
      if (status.equals(last)) return System.nanoTime();
      ManagedProcess.sleep(20);
    }
    throw new IllegalStateException("haproxy server " + server + " not " + status + " within " + timeout
        + " (last: " + last + "); log: " + process.tail());
  }

  public String logTail() {
    return process.tail();
  }

  /** SIGTERM, SIGKILL after 10 s. */
  @Override
  public void close() {
    process.close();
  }

  /** Health-check timing: interval, timeout, and the consecutive failures/successes to change state. */
  public record HealthTiming(Duration inter, Duration timeout, int fall, int rise) {
    /** Fast enough for tests on loopback: a dead server leaves rotation within ~1.5 s. */
    public static final HealthTiming FAST = new HealthTiming(Duration.ofMillis(500), Duration.ofMillis(1000), 2, 2);

    /** The longest a dead server keeps receiving requests: fall checks plus one interval of phase, plus timeout. */
    public Duration detection() {
      return inter.multipliedBy(fall + 1L).plus(timeout);
    }
  }
}
