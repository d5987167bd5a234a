package dev.zerodown.agent.log;

import org.slf4j.Logger;

/** Logs a recurring warning at most once per interval, counting what it swallowed. */
public final class LogLimiter {
  /** For Redis failures seen by hello.py. */
  public static final LogLimiter REDIS = new LogLimiter(10_000);

  private final long intervalNanos;
  private long next;
  private long suppressed;

  public LogLimiter(long intervalMillis) {
    this.intervalNanos = intervalMillis * 1_000_000;
  }

  public void warn(Logger log, String format, Object arg) {
    long skipped;
    synchronized (this) {
      long now = System.nanoTime();
      if (next != 0 && now - next < 0) {
        suppressed++;
        return;
      }
      next = now + intervalNanos;
      skipped = suppressed;
      suppressed = 0;
    }
    if (skipped > 0) log.warn(format + " (and {} more like it)", arg, skipped);
    else log.warn(format, arg);
  }
}
