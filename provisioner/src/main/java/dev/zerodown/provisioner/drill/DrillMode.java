package dev.zerodown.provisioner.drill;

import dev.zerodown.provisioner.error.UserException;
import java.util.Locale;

/** What a drill takes out: a web instance (terminated, or its agent stopped) or the Redis primary. */
public enum DrillMode {
  TERMINATE("terminate"),
  STOP_AGENT("stop-agent"),
  REDIS_FAILOVER("redis-failover");

  private final String option;

  DrillMode(String option) {
    this.option = option;
  }

  /** The --mode value (and the report's {@code mode}). */
  public String option() {
    return option;
  }

  /** The mode named by --mode, in any case; otherwise a usage error listing the three. */
  public static DrillMode parse(String value) {
    String v = value == null ? "" : value.toLowerCase(Locale.ROOT);
    for (DrillMode m : values()) if (m.option.equals(v)) return m;
    throw UserException.usage("--mode must be terminate, stop-agent or redis-failover: " + value);
  }
}
