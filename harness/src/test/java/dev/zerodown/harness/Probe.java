package dev.zerodown.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Background samplers for a spike: ping.py on the health port every {@code every}, each on a fresh
 * connection with a 5 s timeout as the ALB's checks are; and the agent's resident set size from /proc.
 */
final class Probe implements AutoCloseable {
  /** One health check: its latency, and its status (-1 for an I/O error or timeout). */
  record Check(long startNanos, long nanos, int status) {}

  private final List<Check> checks = new CopyOnWriteArrayList<>();
  private final Thread pinger;
  private final Thread rss;
  private volatile long rssPeakKib;
  private volatile boolean running = true;

  Probe(int healthPort, long pid, Duration every) {
    pinger = new Thread(() -> {
      while (running) {
        long start = System.nanoTime();
        int status;
        try (HttpConnection c = HttpConnection.open(healthPort, Duration.ofSeconds(5))) {
          status = c.get("/cgi-bin/ping.py").status();
        } catch (IOException | RuntimeException e) {
          status = -1;
        }
        checks.add(new Check(start, System.nanoTime() - start, status));
        long sleep = start + every.toNanos() - System.nanoTime();
        if (sleep > 0) Pause.millis(sleep / 1_000_000);
      }
    }, "health-probe");
    rss = new Thread(() -> {
      Path status = Path.of("/proc/" + pid + "/status");
      while (running) {
        try {
          for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
              long kib = Long.parseLong(line.replaceAll("\\D", ""));
              if (kib > rssPeakKib) rssPeakKib = kib;
            }
          }
        } catch (IOException | RuntimeException gone) {
          return;
        }
        Pause.millis(50);
      }
    }, "rss-probe");
    pinger.setDaemon(true);
    rss.setDaemon(true);
    pinger.start();
    rss.start();
  }

  List<Check> checks() {
    return List.copyOf(checks);
  }

  long rssPeakKib() {
    return rssPeakKib;
  }

  /** Resets the RSS peak (between spikes). */
  void resetRssPeak() {
    rssPeakKib = 0;
  }

  @Override
  public void close() {
    running = false;
    try {
      pinger.join(10_000);
      rss.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
