package dev.zerodown.provisioner.cfn;

import java.time.Instant;

/** One line of a stack's event history. */
public record StackEvent(String id, Instant time, String stackName, String logicalId, String resourceType,
    String status, String reason) {

  /** True for the stack's own events (as opposed to one of its resources). */
  public boolean isStackEvent() {
    return "AWS::CloudFormation::Stack".equals(resourceType) && stackName.equals(logicalId);
  }

  public boolean isFailure() {
    return status != null && status.endsWith("_FAILED");
  }
}
