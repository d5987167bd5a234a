package dev.zerodown.provisioner.cfn;

import java.time.Instant;
import java.util.Map;

/** One stack as DescribeStacks reports it. */
public record StackInfo(String name, String id, String status, String statusReason,
    Map<String, String> parameters, Map<String, String> outputs, Instant lastChanged, boolean terminationProtection) {

  public StackInfo(String name, String id, String status, String statusReason, Map<String, String> parameters,
      Map<String, String> outputs, Instant lastChanged) {
    this(name, id, status, statusReason, parameters, outputs, lastChanged, false);
  }

  public StackState state() {
    return StackState.of(status);
  }
}
