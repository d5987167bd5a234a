package dev.zerodown.provisioner.probe;

import java.time.Duration;

/** Monotonic time since one origin, shared by the probes and the events they are compared with. */
public final class Timeline {
  private final long origin;

  private Timeline(long origin) {
    this.origin = origin;
  }

  public static Timeline startingNow() {
    return new Timeline(System.nanoTime());
  }

  public Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - origin);
  }
}
