package dev.zerodown.agent.counter;

import java.util.concurrent.TimeUnit;

/** A point in time (System.nanoTime) by which an answer is due. */
public record Deadline(long atNanos) {
  public static Deadline in(long millis) {
    return new Deadline(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
  }

  public long remainingNanos() {
    return atNanos - System.nanoTime();
  }

  /** Whole milliseconds left, at least 0. */
  public long remainingMillis() {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(remainingNanos()));
  }

  public boolean passed() {
    return remainingNanos() <= 0;
  }
}
