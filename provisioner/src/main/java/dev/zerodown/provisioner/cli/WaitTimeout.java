package dev.zerodown.provisioner.cli;

import dev.zerodown.provisioner.probe.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** --wait-timeout, mixed into every verb that may find a stack busy with another operation. */
public final class WaitTimeout {
  @Option(names = "--wait-timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
      description = "How long to wait for a stack busy with another operation, e.g. 90s, 30m (default: ${DEFAULT-VALUE}).")
  Duration value;

  public Duration get() {
    return value;
  }
}
