package dev.zerodown.provisioner.probe;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One GET of the hello page: when it started (relative to the start of the run), how long it took, and
 * either the instance id and counter it reported or why it failed.
 */
public record Probe(Duration startedAt, Duration latency, int status, String instanceId, Long counter,
    String error) {

  public Probe {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(latency, "latency");
  }

  static Probe answered(Duration startedAt, Duration latency, int status, String instanceId, long counter) {
    return new Probe(startedAt, latency, status, instanceId, counter, null);
  }

  static Probe failed(Duration startedAt, Duration latency, int status, String error) {
    return new Probe(startedAt, latency, status, null, null, Objects.requireNonNull(error, "error"));
  }

  /** True when the page answered 200 with an instance id and a counter. */
  public boolean ok() {
    return error == null;
  }

  public Optional<String> instance() {
    return Optional.ofNullable(instanceId);
  }
}
