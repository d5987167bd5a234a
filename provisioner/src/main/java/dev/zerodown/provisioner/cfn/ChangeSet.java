package dev.zerodown.provisioner.cfn;

import java.util.List;
import java.util.Locale;

/** A change set once CloudFormation has finished computing it. */
public record ChangeSet(String stackName, String name, String status, String statusReason, List<ResourceChange> changes) {

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
