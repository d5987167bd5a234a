package dev.zerodown.provisioner.cfn;

import java.time.Duration;

/** Durations as people read them: 7s, 1m05s, 1h02m. */
public final class Elapsed {
  private Elapsed() {}

  public static String format(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) return s + "s";
    if (s < 3600) return (s / 60) + "m" + String.format("%02d", s % 60) + "s";
    return (s / 3600) + "h" + String.format("%02d", (s % 3600) / 60) + "m";
  }
}
