package dev.zerodown.harness;

import dev.zerodown.testsupport.Haproxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

/** Polls haproxy's server states every 20 ms and keeps each change with its nanoTime. */
final class StatusWatcher implements AutoCloseable {
  private final Haproxy haproxy;
  private final List<Change> changes = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  StatusWatcher(Haproxy haproxy) {
    this.haproxy = haproxy;
    this.thread = new Thread(this::run, "haproxy-status");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    Map<String, String> last = new HashMap<>();
    while (running) {
      try {
        long now = System.nanoTime();
        haproxy.serverStatus().forEach((server, status) -> {
          if (!status.equals(last.put(server, status))) changes.add(new Change(now, server, status));
        });
      } catch (RuntimeException e) {
        // haproxy busy for a moment: the next poll tells
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The first time at or after {@code after} that {@code server} was seen in exactly {@code status}. */
  OptionalLong first(String server, String status, long after) {
    return changes.stream().filter(c -> c.nanos >= after && c.server.equals(server) && c.status.equals(status))
        .mapToLong(Change::nanos).findFirst();
  }

  List<Change> changes() {
    return List.copyOf(changes);
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  record Change(long nanos, String server, String status) {}
}
