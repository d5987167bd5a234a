package dev.zerodown.provisioner.rollback;

import dev.zerodown.provisioner.cfn.StackEvent;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * --skip, and the rule that goes with it: the resources ContinueUpdateRollback leaves as they are (ResourcesToSkip),
 * accepted only among the resources in UPDATE_FAILED of a stack in UPDATE_ROLLBACK_FAILED, the ones a first run lists.
 */
public final class SkippedResources {
  @Option(names = "--skip", paramLabel = "LOGICAL_ID",
      description = "For a stack in UPDATE_ROLLBACK_FAILED: leave this resource as it is instead of rolling it back "
          + "(repeatable; only resources in UPDATE_FAILED, listed by a first run; fix them yourself afterwards).")
  List<String> ids = new ArrayList<>();

  /**
   * Refuses (exit 4, before anything is rolled back) an id that is not among {@code failing}, the resources whose
   * rollback failed in each stack, naming those that are.
   */
  void requireAmong(Collection<List<StackEvent>> failing) {
    for (String id : ids) {
      boolean known = failing.stream().anyMatch(l -> l.stream().anyMatch(e -> e.logicalId().equals(id)));
      if (!known) {
        List<String> all = failing.stream().flatMap(List::stream).map(StackEvent::logicalId).distinct().toList();
        throw new UserException(ExitCode.PRECONDITION, "--skip " + id + ": not a resource in UPDATE_FAILED of a stack "
            + "in UPDATE_ROLLBACK_FAILED (" + (all.isEmpty() ? "there is none" : "those are: " + String.join(", ", all))
            + "); nothing rolled back");
      }
    }
  }

  /** Of one stack's resources whose rollback failed, the ones to skip, in the stack's order. */
  List<String> in(List<StackEvent> failing) {
    return failing.stream().map(StackEvent::logicalId).filter(ids::contains).toList();
  }
}
