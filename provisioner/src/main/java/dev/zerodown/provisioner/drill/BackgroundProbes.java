package dev.zerodown.provisioner.drill;

import dev.zerodown.provisioner.probe.DurationConverter;
import dev.zerodown.provisioner.probe.Probe;
import dev.zerodown.provisioner.probe.ProbeLoop;
import dev.zerodown.provisioner.probe.Prober;
import dev.zerodown.provisioner.probe.Timeline;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The probe loop of both drills on its own daemon thread: started before the baseline, run on past the recovery
 * for the settle time, then stopped; closing it stops it in any case.
 */
final class BackgroundProbes implements AutoCloseable {
  private final AtomicBoolean stop = new AtomicBoolean();
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "drill-probe");
    t.setDaemon(true);
    return t;
  });
  private final Drill.Timing timing;
  private final Timeline timeline;
  private final Future<List<Probe>> probing;

  /** Starts probing (every probe to {@code sink}) and says so on {@code events}. */
  BackgroundProbes(Prober prober, Drill.Timing timing, Timeline timeline, Consumer<Probe> sink, Consumer<String> events) {
    this.timing = timing;
    this.timeline = timeline;
    ProbeLoop loop = new ProbeLoop(prober, timing.probeInterval(), timeline);
    probing = executor.submit(() -> loop.run(Integer.MAX_VALUE, timing.timeout(), stop::get, sink));
    events.accept("probing " + prober.url() + " every " + DurationConverter.human(timing.probeInterval())
        + " for a " + DurationConverter.human(timing.baseline()) + " baseline");
  }

  /** Probes on for the settle time when {@code recovered} (never past the timeout), then stops: every probe. */
  List<Probe> settleAndStop(boolean recovered) throws InterruptedException {
    Duration settleEnd = timeline.elapsed().plus(timing.settle());
    if (settleEnd.compareTo(timing.timeout()) > 0) settleEnd = timing.timeout();
    Duration wait = settleEnd.minus(timeline.elapsed());
    if (recovered && !wait.isNegative()) Thread.sleep(wait.toMillis());
    stop.set(true);
    try {
      return probing.get(timing.requestTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("probing failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("probing did not stop within the request timeout", e);
    }
  }

  @Override
  public void close() {
    stop.set(true);
    executor.shutdownNow();
  }
}
