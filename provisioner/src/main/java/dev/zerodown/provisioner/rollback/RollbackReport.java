package dev.zerodown.provisioner.rollback;

import dev.zerodown.provisioner.cfn.StackDeployer;
import dev.zerodown.provisioner.cfn.StackResult;
import dev.zerodown.provisioner.console.Report;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * How a continue-rollback ended: the stacks it rolled back, in order (none when none was stuck), and those whose
 * rollback failed again with how they ended. {@code command}: the full command line of a verb, for the way out.
 * Like destroy's, its {@link #lines} are printed in both modes (on standard error with --output json, after the
 * document, as before there was a document) and its {@link #problems} on standard error, so continue-rollback prints
 * it itself rather than through {@code Console.print}.
 */
public record RollbackReport(List<String> stacks, List<StackResult> failed, Function<String, String> command)
    implements Report {

  public RollbackReport {
    stacks = List.copyOf(stacks);
    failed = List.copyOf(failed);
  }

  /** Every rollback worked (or there was none to do). */
  public boolean succeeded() {
    return failed.isEmpty();
  }

  /** The line for standard output once every stack is rolled back; none when there was none or one failed again. */
  @Override
  public List<String> lines() {
    if (stacks.isEmpty() || !succeeded()) return List.of();
    return List.of("Rolled back: " + String.join(", ", stacks) + ". Fix the cause, then run " + command.apply("deploy"));
  }

  /**
   * The lines for standard error when a rollback failed again (none when {@link #succeeded}), before the error line:
   * each such stack with its status, {@code mark} applied (red on a terminal), then its failing resources' reasons.
   */
  public List<String> problems(UnaryOperator<String> mark) {
    List<String> out = new ArrayList<>();
    for (StackResult r : failed) {
      out.add(mark.apply("x " + r.stack() + " " + r.status()));
      r.reasons().forEach(reason -> out.add("    " + reason));
    }
    return out;
  }

  /** Exit 1 when a rollback failed again: the first such stack, how it ended and its way out. */
  public UserException failure() {
    if (succeeded()) throw new IllegalStateException("every rollback worked: no failure");
    StackResult first = failed.get(0);
    return new UserException(ExitCode.STACK_FAILED, first.stack() + " ended " + first.status() + " (reasons above): "
        + StackDeployer.wayOut(first.stack(), first.status(), command));
  }

  /**
   * Machine report (--output json): {@code rolledBack} (the stacks whose rollback worked, in order), {@code failed}
   * (stack name to its {@code status} and {@code reasons}), always in that order.
   */
  @Override
  public Map<String, Object> document() {
    List<String> failedNames = failed.stream().map(StackResult::stack).toList();
    Map<String, Object> failures = new LinkedHashMap<>();
    for (StackResult r : failed) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("status", r.status());
      one.put("reasons", r.reasons());
      failures.put(r.stack(), one);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("rolledBack", stacks.stream().filter(s -> !failedNames.contains(s)).toList());
    root.put("failed", failures);
    return root;
  }
}
