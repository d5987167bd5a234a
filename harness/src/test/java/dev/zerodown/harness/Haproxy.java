package dev.zerodown.harness;

import dev.zerodown.testsupport.Binaries;
import dev.zerodown.testsupport.FreePort;
import dev.zerodown.testsupport.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * haproxy in front of the agents, configured like the ALB: round robin, health check GET
 * /cgi-bin/ping.py on each agent's health-check port (the target group's HealthCheckPort) every
 * {@code inter} with fall/rise 2, no retry or redispatch to another server,
 * keep-alive towards the agents. A stats page on a second port tells each server's state.
 */
final class Haproxy implements AutoCloseable {
  static final String BACKEND = "agents";

  private final ManagedProcess process;
  private final int port;
  private final int statsPort;

  private Haproxy(ManagedProcess process, int port, int statsPort) {
    this.process = process;
    this.port = port;
    this.statsPort = statsPort;
  }

  /**
   * Starts haproxy with one server per entry of {@code servers} (name to loopback port), each checked on
   * its port in {@code checkPorts}.
   */
  static Haproxy start(Map<String, Integer> servers, Map<String, Integer> checkPorts, HealthTiming timing, Path dir) {
    if (Binaries.onPath("haproxy").isEmpty()) {
      throw new IllegalStateException("The failover harness needs haproxy on PATH: apt-get install -y haproxy");
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
        dir.resolve("haproxy.log")).awaitPort(port, Duration.ofSeconds(10)).awaitPort(statsPort, Duration.ofSeconds(10));
    return new Haproxy(p, port, statsPort);
  }

  static String config(int port, int statsPort, Map<String, Integer> servers, Map<String, Integer> checkPorts,
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
    servers.forEach((name, p) -> s.append("  server ").append(name).append(" 127.0.0.1:").append(p)
        .append(" check port ").append(checkPorts.get(name)).append("\n"));
    s.append("""
        listen stats
          bind 127.0.0.1:%d
          stats enable
          stats uri /stats
        """.formatted(statsPort));
    return s.toString();
  }

  int port() {
    return port;
  }

  /** Each server's status as haproxy's stats page shows it ("UP", "DOWN", "UP 1/2", ...). */
  Map<String, String> serverStatus() {
    try (HttpConnection c = HttpConnection.open(statsPort, Duration.ofSeconds(2))) {
      HttpConnection.Response r = c.get("/stats;csv;norefresh");
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
    } catch (IOException e) {
      throw new UncheckedIOException("haproxy stats on port " + statsPort + ": " + e.getMessage(), e);
    }
  }

  private static int indexOf(String[] header, String name) {
    for (int i = 0; i < header.length; i++) if (header[i].equals(name)) return i;
    throw new IllegalStateException("haproxy stats have no column " + name);
  }

  /** Waits until haproxy reports {@code server} exactly in {@code status}; returns the nanoTime seen. */
  long await(String server, String status, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      last = serverStatus().get(server);
      if (status.equals(last)) return System.nanoTime();
      Pause.millis(20);
    }
    throw new IllegalStateException("haproxy server " + server + " not " + status + " within " + timeout
        + " (last: " + last + "); log: " + process.tail());
  }

  String logTail() {
    return process.tail();
  }

  @Override
  public void close() {
    process.close();
  }

  /** Health-check timing: interval, timeout, and the consecutive failures/successes to change state. */
  record HealthTiming(Duration inter, Duration timeout, int fall, int rise) {
    /** The longest a dead server keeps receiving requests: fall checks plus one interval of phase. */
    Duration detection() {
      return inter.multipliedBy(fall + 1L).plus(timeout);
    }
  }
}
