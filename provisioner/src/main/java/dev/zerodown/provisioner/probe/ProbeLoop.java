package dev.zerodown.provisioner.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Probes one request at a time, one every {@code interval} (or back to back when a request takes longer),
 * until a count is reached, a budget is spent or the caller says stop. Never more than one request in flight.
 */
public final class ProbeLoop {
  private final Prober prober;
  private final Duration interval;
  private final Timeline timeline;

  public ProbeLoop(Prober prober, Duration interval, Timeline timeline) {
    this.prober = Objects.requireNonNull(prober, "prober");
    if (interval == null || interval.isNegative()) throw new IllegalArgumentException("interval must be >= 0: " + interval);
    this.interval = interval;
    this.timeline = Objects.requireNonNull(timeline, "timeline");
  }

  /**
   * Runs until {@code maxCount} probes are done, no time is left in {@code budget} to start another, or
   * {@code stop} answers true. Each probe goes to {@code listener} as soon as it is done.
   */
  public List<Probe> run(int maxCount, Duration budget, BooleanSupplier stop, Consumer<? super Probe> listener)
      throws InterruptedException {
    if (maxCount < 1) throw new IllegalArgumentException("count must be >= 1: " + maxCount);
    Objects.requireNonNull(budget, "budget");
    Duration end = timeline.elapsed().plus(budget);
    List<Probe> probes = new ArrayList<>();
    Duration next = timeline.elapsed();
    while (probes.size() < maxCount && !stop.getAsBoolean()) {
      Duration now = timeline.elapsed();
      if (now.compareTo(next) < 0) {
        Duration wait = next.minus(now);
        if (now.plus(wait).compareTo(end) >= 0) break;
        sleep(wait);
        if (stop.getAsBoolean()) break;
        now = timeline.elapsed();
      }
      if (now.compareTo(end) >= 0) break;
      Probe probe = prober.probe(now);
      probes.add(probe);
      listener.accept(probe);
      next = now.plus(interval);
    }
    return probes;
  }

  private static void sleep(Duration d) throws InterruptedException {
    long ms = d.toMillis();
    int ns = (int) (d.toNanos() - ms * 1_000_000L);
    Thread.sleep(ms, ns);
  }
}
