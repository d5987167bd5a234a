package dev.zerodown.provisioner.cfn;

import java.util.List;
import java.util.Optional;

/** How a stack operation settled: final status, the stack as it is now (empty once deleted), failing events. */
public record StackResult(String stack, String status, Optional<StackInfo> info, List<StackEvent> failures) {

  public boolean ok() {
    return StackState.succeeded(status);
  }

  /** The failing resources' reasons, one line each (cancellations last, since they only follow a real failure). */
  public List<String> reasons() {
    List<StackEvent> real = failures.stream().filter(e -> !cancelled(e)).toList();
    List<StackEvent> shown = real.isEmpty() ? failures : real;
    List<String> lines = new java.util.ArrayList<>(shown.stream()
        .map(e -> e.logicalId() + " (" + e.resourceType() + ") " + e.status() + ": " + e.reason()).distinct().toList());
    if (lines.isEmpty()) {
      info.map(StackInfo::statusReason).filter(r -> r != null && !r.isBlank()).ifPresent(r -> lines.add(stack + ": " + r));
    }
    return lines;
  }

  private static boolean cancelled(StackEvent e) {
    return e.reason() != null && e.reason().contains("cancelled");
  }
}
