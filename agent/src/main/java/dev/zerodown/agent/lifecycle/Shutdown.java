package dev.zerodown.agent.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shutdown sequence: ping.py turns 503, the drain period passes while everything else is still
 * served, then each step runs in order (server stop, pool close, last metrics flush).
 */
public final class Shutdown {
  private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);

  /** One named step of the sequence. */
  public record Step(String name, Runnable action) {}

  private final Draining draining;
  private final Duration drain;
  private final List<Step> steps;
  private final CountDownLatch skipDrain = new CountDownLatch(1);
  private final CountDownLatch done = new CountDownLatch(1);

  public Shutdown(Draining draining, Duration drain, List<Step> steps) {
    this.draining = draining;
    this.drain = drain;
    this.steps = List.copyOf(steps);
  }

  /** Runs the sequence on the calling thread; a second call only cuts the drain short. */
  public void run(String why) {
    if (!draining.begin()) {
      LOG.info("{} again: ending the drain now", why);
      skipDrain.countDown();
      awaitDone();
      return;
    }
    if ("SIGINT".equals(why) && !drain.isZero()) {
      // Ctrl-C in a terminal: say how long this takes and how to skip it (Signals turns a second one into skipDrain).
      LOG.info("SIGINT: draining {} s (ping.py 503); Ctrl-C again stops now", drain.toSeconds());
    } else {
      LOG.info("{}: ping.py answers 503 from now; serving everything else for {} s, then stopping", why, drain.toSeconds());
    }
    try {
      if (skipDrain.await(drain.toMillis(), TimeUnit.MILLISECONDS)) LOG.info("drain cut short");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Step s : steps) {
      try {
        s.action().run();
      } catch (RuntimeException e) {
        LOG.warn("shutdown step '{}' failed: {}", s.name(), e.toString());
      }
    }
    LOG.info("stopped");
    done.countDown();
  }

  /** Cuts the drain period short (a second signal). */
  public void skipDrain() {
    skipDrain.countDown();
  }

  private void awaitDone() {
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
