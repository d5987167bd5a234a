package dev.zerodown.provisioner.cfn;

import dev.zerodown.provisioner.aws.AwsFailures;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.cloudformation.model.AlreadyExistsException;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.InsufficientCapabilitiesException;

/**
 * Brings one stack to its spec, in two steps so several stacks can be confirmed one after the other and
 * then run in parallel: {@link #prepare} (wait out a busy stack, clean up a failed first create, compute
 * and show the change, confirm) and {@link #execute} (run it with live progress).
 */
public final class StackDeployer {
  /** How long our own operations may take before we give up watching (CloudFormation keeps going). */
  private static final Duration OPERATION_TIMEOUT = Duration.ofHours(2);
  private final CloudFormationGateway gateway;
  private final StackWatcher watcher;
  private final Progress progress;
  private final Confirmer confirmer;
  private final Method method;
  private final Duration poll;
  private final Duration busyTimeout;
  private final AtomicReference<String> resumeHint;

  public StackDeployer(CloudFormationGateway gateway, StackWatcher watcher, Progress progress, Confirmer confirmer,
      Method method,
      Duration poll, Duration busyTimeout, AtomicReference<String> resumeHint) {
    this.gateway = gateway;
    this.watcher = watcher;
    this.progress = progress;
    this.confirmer = confirmer;
    this.method = method;
    this.poll = poll;
    this.busyTimeout = busyTimeout;
    this.resumeHint = resumeHint;
  }

  /** What {@link #prepare} decided. */
  public enum Action { UP_TO_DATE, PLANNED, EXECUTE_CHANGE_SET, CREATE_STACK, UPDATE_STACK }

  /** A stack ready to run (or nothing to run). */
  public record Prepared(StackSpec spec, Action action, boolean create, String changeSetName, String lastEventId,
      Optional<ChangeSet> changeSet) {}

  /** Computes and prints the change for {@code spec}, asks to confirm; {@code planOnly} cleans up instead. */
  public Prepared prepare(StackSpec spec, boolean planOnly) {
    return prepare(spec, planOnly, deployed -> { });
  }

  /**
   * As {@link #prepare(StackSpec, boolean)}; {@code beforeChange} sees the deployed stack (settled, before its change
   * is computed and shown) when there is one to update.
   */
  public Prepared prepare(StackSpec spec, boolean planOnly, java.util.function.Consumer<StackInfo> beforeChange) {
    Optional<StackInfo> current = settle(spec.name(), planOnly);
    current.filter(c -> c.state() == StackState.STABLE).ifPresent(beforeChange);
    boolean create = current.isEmpty() || current.get().state() == StackState.REVIEW;
    String lastEvent = current.isPresent() ? gateway.newestEventId(current.get().id()) : null;
    return method == Method.CHANGE_SET
        ? prepareChangeSet(spec, create, current, lastEvent, planOnly)
        : prepareDirect(spec, create, current, lastEvent, planOnly);
  }

  /** Runs a prepared change and follows it to the end. */
  public StackResult execute(Prepared p) {
    String name = p.spec().name();
    if (p.action() == Action.UP_TO_DATE || p.action() == Action.PLANNED) {
      return new StackResult(name, "UP_TO_DATE", gateway.describe(name), java.util.List.of());
    }
    resumeHint.set(name + " is being " + (p.create() ? "created" : "updated"));
    try {
      switch (p.action()) {
        case EXECUTE_CHANGE_SET -> gateway.executeChangeSet(name, p.changeSetName());
        case CREATE_STACK -> gateway.createStack(name, p.spec().template(), p.spec().parameters(), p.spec().tags());
        case UPDATE_STACK -> {
          if (!gateway.updateStack(name, p.spec().template(), p.spec().parameters(), p.spec().tags())) {
            progress.note(name + ": up to date");
            return new StackResult(name, "UP_TO_DATE", gateway.describe(name), java.util.List.of());
          }
        }
        default -> throw new IllegalStateException(p.action().toString());
      }
    } catch (CloudFormationException e) {
      throw rejected(name, e);
    }
    try {
      return watcher.watch(name, name, p.lastEventId(), p.create() ? "create" : "update", p.spec().resourceCount(),
          OPERATION_TIMEOUT);
    } finally {
      resumeHint.set(null);
    }
  }

  /** Deletes a stack (by name) and follows the deletion; an absent stack is already deleted. */
  public StackResult delete(String stack) {
    return delete(stack, java.util.List.of());
  }

  /**
   * Deletes a stack (by name) whatever state it settled in, failed ones included (DeleteStack accepts every
   * settled status), and follows the deletion; an absent stack is already deleted. {@code retain}: logical ids
   * to leave in place, passed only when the stack is DELETE_FAILED and only those whose deletion failed (the
   * only resources RetainResources is meant for).
   */
  public StackResult delete(String stack, java.util.Collection<String> retain) {
    Optional<StackInfo> current = settleForDelete(stack);
    if (current.isEmpty()) return new StackResult(stack, "DELETE_COMPLETE", Optional.empty(), java.util.List.of());
    StackInfo s = current.get();
    String id = s.id();
    java.util.List<String> kept = java.util.List.of();
    if ("DELETE_FAILED".equals(s.status()) && !retain.isEmpty()) {
      java.util.Set<String> failing = new java.util.HashSet<>();
      watcher.read(() -> gateway.resourcesFailingDeletion(id)).forEach(e -> failing.add(e.logicalId()));
      kept = retain.stream().filter(failing::contains).distinct().toList();
      if (!kept.isEmpty()) progress.note(stack + ": deleting it and keeping " + String.join(", ", kept));
    } else if (s.state() == StackState.BROKEN) {
      progress.note(stack + " is " + s.status() + ": deleting it");
    }
    String lastEvent = gateway.newestEventId(id);
    int total = s.state() == StackState.REVIEW ? 0 : safeCount(id);
    resumeHint.set(stack + " is being deleted");
    try {
      try {
        gateway.deleteStack(id, kept);
      } catch (CloudFormationException e) {
        String reason = AwsFailures.oneLine(e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
        progress.problem(stack + ": delete refused: " + reason);
        return new StackResult(stack, "DELETE_FAILED", current, java.util.List.of(new StackEvent("", java.time.Instant.now(),
            stack, stack, "AWS::CloudFormation::Stack", "DELETE_FAILED", reason)));
      }
      return watcher.watch(stack, id, lastEvent, "delete", total, OPERATION_TIMEOUT);
    } finally {
      resumeHint.set(null);
    }
  }

  /** The stack once no other operation runs on it (empty when it does not exist): waits for a busy stack. */
  private Optional<StackInfo> settleForDelete(String stack) {
    for (int round = 0; round < 5; round++) {
      Optional<StackInfo> current = gateway.describe(stack);
      if (current.isEmpty() || current.get().state() != StackState.BUSY) return current;
      StackInfo s = current.get();
      progress.note(stack + " is busy (" + s.status() + "): waiting for that operation to finish");
      watcher.watch(stack, s.id(), gateway.newestEventId(s.id()), "wait", 0, busyTimeout);
    }
    throw new UserException(ExitCode.STACK_BUSY, stack + " keeps changing state: run the command again later");
  }

  private int safeCount(String id) {
    try {
      return gateway.resourceCount(id);
    } catch (CloudFormationException e) {
      return 0;
    }
  }

  /**
   * The stack once no other operation runs on it: waits for a busy stack, deletes a failed first create
   * (after confirmation), refuses a broken one.
   */
  private Optional<StackInfo> settle(String stack, boolean planOnly) {
    for (int round = 0; round < 5; round++) {
      Optional<StackInfo> current = gateway.describe(stack);
      if (current.isEmpty()) return current;
      StackInfo s = current.get();
      switch (s.state()) {
        case ABSENT, REVIEW, STABLE -> {
          return current;
        }
        case BUSY -> {
          progress.note(stack + " is busy (" + s.status() + "): waiting for that operation to finish");
          watcher.watch(stack, s.id(), gateway.newestEventId(s.id()), "wait", 0, busyTimeout);
        }
        case ROLLED_BACK_CREATE -> {
          String why = s.statusReason() == null ? "" : " (" + s.statusReason() + ")";
          progress.note(stack + " is ROLLBACK_COMPLETE: its first create failed" + why
              + "; it must be deleted before it can be created again");
          if (planOnly) return Optional.empty();
          if (!confirmer.confirm("Delete " + stack + " and create it again?")) {
            throw new UserException(ExitCode.NOT_CONFIRMED, stack + " stays ROLLBACK_COMPLETE: run deploy again and "
                + "confirm, or delete it with `aws cloudformation delete-stack --stack-name " + stack + "`");
          }
          String lastEvent = gateway.newestEventId(s.id());
          gateway.deleteStack(s.id());
          StackResult r = watcher.watch(stack, s.id(), lastEvent, "delete", 0, OPERATION_TIMEOUT);
          if (!r.ok()) {
            throw new UserException(ExitCode.STACK_FAILED, "could not delete " + stack + " (" + r.status() + "): "
                + String.join("; ", r.reasons()));
          }
        }
        case BROKEN -> throw new UserException(ExitCode.PRECONDITION, stack + " is " + s.status()
            + (s.statusReason() == null ? "" : " (" + AwsFailures.oneLine(s.statusReason()) + ")")
            + ": fix it in the CloudFormation console (continue the rollback or delete the stack), then run deploy again");
      }
    }
    throw new UserException(ExitCode.STACK_BUSY, stack + " keeps changing state: run the command again later");
  }

  private Prepared prepareChangeSet(StackSpec spec, boolean create, Optional<StackInfo> current, String lastEvent,
      boolean planOnly) {
    String name = spec.name();
    String csName = "zerodown-" + System.currentTimeMillis();
    try {
      gateway.createChangeSet(name, csName, create, spec.template(), spec.parameters(), spec.tags());
    } catch (CloudFormationException e) {
      throw rejected(name, e);
    }
    ChangeSet cs = awaitChangeSet(name, csName);
    if (cs.empty()) {
      cleanUp(name, csName, create);
      progress.note(name + ": up to date");
      return new Prepared(spec, Action.UP_TO_DATE, create, csName, lastEvent, Optional.of(cs));
    }
    if (cs.failed()) {
      cleanUp(name, csName, create);
      throw new UserException(ExitCode.TEMPLATE_REJECTED, name + ": CloudFormation rejected the change set: "
          + AwsFailures.oneLine(cs.statusReason()));
    }
    progress.changes(cs);
    if (planOnly) {
      cleanUp(name, csName, create);
      return new Prepared(spec, Action.PLANNED, create, csName, lastEvent, Optional.of(cs));
    }
    if (!confirmer.confirm("Deploy these changes to " + name + "?")) {
      cleanUp(name, csName, create);
      throw new UserException(ExitCode.NOT_CONFIRMED, name + ": not deployed (change set deleted)");
    }
    return new Prepared(spec, Action.EXECUTE_CHANGE_SET, create, csName, lastEvent, Optional.of(cs));
  }

  private ChangeSet awaitChangeSet(String stack, String csName) {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (true) {
      ChangeSet cs = watcher.read(() -> gateway.describeChangeSet(stack, csName));
      String st = String.valueOf(cs.status());
      if (st.equals("CREATE_COMPLETE") || st.equals("FAILED") || st.equals("DELETE_COMPLETE")) return cs;
      if (System.nanoTime() > deadline) {
        throw new UserException(ExitCode.STACK_BUSY, stack + ": change set " + csName + " still " + st + " after 10m");
      }
      StackWatcher.sleep(poll);
    }
  }

  /** Deletes the change set, and the empty REVIEW_IN_PROGRESS stack a CREATE change set leaves. */
  private void cleanUp(String stack, String csName, boolean create) {
    try {
      gateway.deleteChangeSet(stack, csName);
      if (create) {
        gateway.describe(stack).filter(s -> s.state() == StackState.REVIEW).ifPresent(s -> gateway.deleteStack(s.id()));
      }
    } catch (CloudFormationException e) {
      progress.detail("cleanup of " + stack + "/" + csName + ": " + AwsFailures.oneLine(e.getMessage()));
    }
  }

  private Prepared prepareDirect(StackSpec spec, boolean create, Optional<StackInfo> current, String lastEvent,
      boolean planOnly) {
    String name = spec.name();
    if (create) {
      if (current.isPresent() && !planOnly) {
        gateway.deleteStack(current.get().id());
        watcher.watch(name, current.get().id(), null, "delete", 0, OPERATION_TIMEOUT);
      }
      progress.directChanges(name, true, spec.resourceCount(), true, Map.of(), spec.parameters());
    } else {
      String deployed = gateway.deployedTemplate(name);
      boolean templateChanged = !normalise(deployed).equals(normalise(spec.template().body()));
      Map<String, String> deployedParams = current.get().parameters();
      boolean paramsChanged = spec.parameters().keySet().stream()
          .anyMatch(k -> !spec.sameParameter(k, deployedParams.get(k)));
      if (!templateChanged && !paramsChanged) {
        progress.note(name + ": up to date");
        return new Prepared(spec, Action.UP_TO_DATE, false, null, lastEvent, Optional.empty());
      }
      Map<String, String> shown = new java.util.LinkedHashMap<>();
      Map<String, String> before = new java.util.LinkedHashMap<>();
      spec.parameters().forEach((k, v) -> {
        boolean same = spec.sameParameter(k, deployedParams.get(k));
        shown.put(k, same ? "=" : v);
        if (deployedParams.containsKey(k)) before.put(k, same ? "=" : deployedParams.get(k));
      });
      progress.directChanges(name, false, spec.resourceCount(), templateChanged, before, shown);
    }
    if (planOnly) return new Prepared(spec, Action.PLANNED, create, null, lastEvent, Optional.empty());
    if (!confirmer.confirm((create ? "Create " : "Update ") + name + "?")) {
      throw new UserException(ExitCode.NOT_CONFIRMED, name + ": not deployed");
    }
    return new Prepared(spec, create ? Action.CREATE_STACK : Action.UPDATE_STACK, create, null, lastEvent,
        Optional.empty());
  }

  private static String normalise(String template) {
    return template == null ? "" : template.replace("\r\n", "\n").strip();
  }

  private UserException rejected(String stack, CloudFormationException e) {
    if (e instanceof AlreadyExistsException) {
      return new UserException(ExitCode.STACK_BUSY, stack + " already exists (another deploy, or a retried call that "
          + "failed half-way): run " + "status to look, then deploy again");
    }
    String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
    if (e instanceof InsufficientCapabilitiesException || "ValidationError".equals(code)) {
      return new UserException(ExitCode.TEMPLATE_REJECTED, stack + ": CloudFormation rejected the template: "
          + AwsFailures.oneLine(e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()), e);
    }
    return AwsFailures.translate(e);
  }
}
