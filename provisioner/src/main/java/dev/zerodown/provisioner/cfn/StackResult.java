package dev.zerodown.provisioner.cfn;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How a stack operation settled: final status, the stack as it is now (empty once deleted), failing events. */
public record StackResult(String stack, String status, Optional<StackInfo> info, List<StackEvent> failures) {
  /** The status of a stack that had nothing to change: no operation ran, so CloudFormation has no word for it. */
  private static final String UP_TO_DATE = "UP_TO_DATE";

  /** The result of a stack left as it was, because its template and parameters are already deployed. */
  public static StackResult upToDate(String stack, Optional<StackInfo> info) {
    return new StackResult(stack, UP_TO_DATE, info, List.of());
  }

  /** The operation ran and succeeded. */
  public boolean ok() {
    return StackState.succeeded(status);
  }

  /** No operation ran: nothing to change. */
  public boolean upToDate() {
    return UP_TO_DATE.equals(status);
  }

  /** An operation ran and did not succeed. */
  public boolean failed() {
    return !ok() && !upToDate();
  }

  /** The failing resources' reasons, one line each (cancellations last, since they only follow a real failure). */
  public List<String> reasons() {
    List<StackEvent> real = failures.stream().filter(e -> !cancelled(e)).toList();
    List<StackEvent> shown = real.isEmpty() ? failures : real;
    List<String> lines = new ArrayList<>(shown.stream()
        .map(e -> e.logicalId() + " (" + e.resourceType() + ") " + e.status()
            + (e.reason() == null || e.reason().isBlank() ? "" : ": " + e.reason())).distinct().toList());
    if (lines.isEmpty()) {
      info.map(StackInfo::statusReason).filter(r -> r != null && !r.isBlank()).ifPresent(r -> lines.add(stack + ": " + r));
    }
    return lines;
  }

  private static boolean cancelled(StackEvent e) {
    return e.reason() != null && e.reason().contains("cancelled");
  }
}
