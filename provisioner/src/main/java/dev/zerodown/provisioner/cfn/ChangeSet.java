package dev.zerodown.provisioner.cfn;

import java.util.List;
import java.util.Locale;

/**
 * A change set once CloudFormation has finished computing it; {@code executionStatus} says whether it can be
 * executed (AVAILABLE) or not (UNAVAILABLE, OBSOLETE once the stack changed since, EXECUTE_IN_PROGRESS, …).
 */
public record ChangeSet(String stackName, String name, String status, String statusReason, List<ResourceChange> changes,
    String executionStatus) {

  public ChangeSet(String stackName, String name, String status, String statusReason, List<ResourceChange> changes) {
    this(stackName, name, status, statusReason, changes, null);
  }

  /** CloudFormation's way of saying there is nothing to do (a FAILED change set with this reason). */
  public boolean empty() {
    if (!"FAILED".equals(status)) return false;
    String reason = statusReason == null ? "" : statusReason.toLowerCase(Locale.ROOT);
    return reason.contains("didn't contain changes") || reason.contains("no updates are to be performed");
  }

  public boolean failed() {
    return "FAILED".equals(status) && !empty();
  }
}
