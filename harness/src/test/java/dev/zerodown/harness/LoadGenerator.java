package dev.zerodown.harness;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bounded load on a loopback port: a fixed number of workers, each on its own keep-alive connection,
 * at most one request per {@code pace}, for at most {@code maxRun}. Records every response.
 */
final class LoadGenerator implements AutoCloseable {
  private static final Pattern COUNTER = Pattern.compile("counter: (\\d+)");
  private static final Pattern ID = Pattern.compile("Id: (\\S+)");

  private final int port;
  private final int workers;
  private final Duration pace;
  private final List<String> paths;
  private final Duration maxRun;
  private final List<Thread> threads = new ArrayList<>();
  private final List<List<Sample>> perWorker = new ArrayList<>();
  private volatile boolean running;

  LoadGenerator(int port, int workers, Duration pace, List<String> paths, Duration maxRun) {
    if (workers < 1 || workers > 64) throw new IllegalArgumentException("workers must be 1-64: " + workers);
    if (paths.isEmpty()) throw new IllegalArgumentException("paths must not be empty");
    this.port = port;
    this.workers = workers;
    this.pace = pace;
    this.paths = List.copyOf(paths);
    this.maxRun = maxRun;
  }

  int workers() {
    return workers;
  }

  LoadGenerator start() {
    running = true;
    long deadline = System.nanoTime() + maxRun.toNanos();
    for (int w = 0; w < workers; w++) {
      List<Sample> samples = new ArrayList<>();
      perWorker.add(samples);
      int id = w;
      Thread t = new Thread(() -> run(id, samples, deadline), "load-" + w);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    return this;
  }

  private void run(int worker, List<Sample> samples, long deadline) {
    HttpConnection conn = null;
    long i = worker; // workers start on different paths
    while (running && System.nanoTime() < deadline) {
      String path = paths.get((int) (i++ % paths.size()));
      long start = System.nanoTime();
      try {
        if (conn == null) conn = HttpConnection.open(port, Duration.ofSeconds(5));
        HttpConnection.Response r = conn.get(path);
        long end = System.nanoTime();
        Matcher c = COUNTER.matcher(r.body());
        Matcher id = ID.matcher(r.body());
        samples.add(new Sample(worker, path, start, end, r.status(),
            c.find() ? Long.parseLong(c.group(1)) : -1, id.find() ? id.group(1) : null, null));
        if (r.close()) {
          conn.close();
          conn = null;
        }
      } catch (IOException | RuntimeException e) {
        samples.add(new Sample(worker, path, start, System.nanoTime(), -1, -1, null,
            e.getClass().getSimpleName() + ": " + e.getMessage()));
        if (conn != null) conn.close();
        conn = null;
      }
      long sleep = start + pace.toNanos() - System.nanoTime();
      if (sleep > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(sleep);
        } catch (InterruptedException e) {
          break;
        }
      }
    }
    if (conn != null) conn.close();
  }

  /** Stops the workers (each finishes its current request) and returns every sample by start time. */
  List<Sample> stop() {
    running = false;
    for (Thread t : threads) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) throw new IllegalStateException(t.getName() + " did not stop within 10 s");
    }
    List<Sample> all = new ArrayList<>();
    perWorker.forEach(all::addAll);
    all.sort(Comparator.comparingLong(Sample::startNanos));
    threads.clear();
    perWorker.clear();
    return all;
  }

  @Override
  public void close() {
    if (running) stop();
  }
}
