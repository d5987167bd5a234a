package dev.zerodown.provisioner.cfn;

import java.time.Instant;

/**
 * One line of a stack's event history; {@code token} is the ClientRequestToken of the operation that caused it
 * (null when the operation passed none).
 */
public record StackEvent(String id, Instant time, String stackName, String logicalId, String resourceType,
    String status, String reason, String token) {

  public StackEvent(String id, Instant time, String stackName, String logicalId, String resourceType, String status,
      String reason) {
    this(id, time, stackName, logicalId, resourceType, status, reason, null);
  }

  /** True for the stack's own events (as opposed to one of its resources). */
  public boolean isStackEvent() {
    return "AWS::CloudFormation::Stack".equals(resourceType) && stackName.equals(logicalId);
  }

  public boolean isFailure() {
    return status != null && status.endsWith("_FAILED");
  }
}
