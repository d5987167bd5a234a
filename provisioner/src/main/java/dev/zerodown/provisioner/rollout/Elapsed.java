package dev.zerodown.provisioner.rollout;

import dev.zerodown.provisioner.probe.DurationConverter;
import java.time.Duration;

/** {@code +12.3 s}: a time since the start of the rollout. */
final class Elapsed {
  private Elapsed() {}

  static String plus(Duration d) {
    return "+" + DurationConverter.human(d);
  }
}
