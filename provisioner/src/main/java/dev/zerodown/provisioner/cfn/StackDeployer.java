package dev.zerodown.provisioner.cfn;

import dev.zerodown.provisioner.aws.AwsFailures;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import dev.zerodown.provisioner.host.InFlight;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.cloudformation.model.AlreadyExistsException;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.InsufficientCapabilitiesException;
import software.amazon.awssdk.services.cloudformation.model.InvalidChangeSetStatusException;

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
  private final InFlight inFlight;
  /** One id per run: every mutating call's ClientRequestToken is derived from it (or from the change set's name). */
  private final String runId = Long.toString(System.currentTimeMillis(), 36)
      + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
  /** The full command line of a verb, for messages (the session's hint; the bare verb when none is given). */
  private Function<String, String> command = verb -> verb;
  /** --yes without --allow-replacement: refuse a change set that removes or replaces a stateful resource. */
  private boolean refuseStatefulLoss;
  /** --allow-replacement: the stack policy is lifted for this run's updates. */
  private boolean allowReplacement;

  public StackDeployer(CloudFormationGateway gateway, StackWatcher watcher, Progress progress, Confirmer confirmer,
      Method method, Duration poll, Duration busyTimeout, InFlight inFlight) {
    this.gateway = gateway;
    this.watcher = watcher;
    this.progress = progress;
    this.confirmer = confirmer;
    this.method = method;
    this.poll = poll;
    this.busyTimeout = busyTimeout;
    this.inFlight = inFlight;
  }

  /** Names the full command line of each verb in messages ({@code verb -> java -jar provisioner.jar verb --env …}). */
  public StackDeployer commands(Function<String, String> command) {
    this.command = command;
    return this;
  }

  /**
   * Guard rails: {@code yes} (no one reviews the change sets) refuses one that removes or replaces a stateful resource
   * unless {@code allowReplacement}, which also lifts the stack policy for the updates of this run.
   */
  public StackDeployer guard(boolean yes, boolean allowReplacement) {
    this.refuseStatefulLoss = yes && !allowReplacement;
    this.allowReplacement = allowReplacement;
    return this;
  }

  /** A ClientRequestToken for one operation of this run on {@code stack}: letters, digits and dashes, unique per run. */
  public String token(String stack, String operation) {
    String t = stack + "-" + operation + "-" + runId;
    return t.length() <= 128 ? t : t.substring(t.length() - 128);
  }

  /** What {@link #prepare} decided. */
  public enum Action { UP_TO_DATE, PLANNED, EXECUTE_CHANGE_SET, CREATE_STACK, UPDATE_STACK }

  /** A stack ready to run (or nothing to run). */
  public record Prepared(StackSpec spec, Action action, boolean create, String changeSetName, String lastEventId,
      Optional<ChangeSet> changeSet, StackSpec.ParameterPlan parameters) {}

  /** Computes and prints the change for {@code spec}, asks to confirm; {@code planOnly} cleans up instead. */
  public Prepared prepare(StackSpec spec, boolean planOnly) {
    return prepare(spec, planOnly, deployed -> { });
  }

  /**
   * As {@link #prepare(StackSpec, boolean)}; {@code beforeChange} sees the deployed stack (settled, before its change
   * is computed and shown) when there is one to update.
   */
  public Prepared prepare(StackSpec spec, boolean planOnly, Consumer<StackInfo> beforeChange) {
    Optional<StackInfo> current = settle(spec.name(), planOnly);
    current.filter(c -> c.state() == StackState.STABLE).ifPresent(beforeChange);
    boolean create = current.isEmpty() || current.get().state() == StackState.REVIEW;
    String lastEvent = current.isPresent() ? gateway.newestEventId(current.get().id()) : null;
    StackSpec.ParameterPlan params = spec.plan(create ? Map.of() : current.get().parameters());
    if (!params.kept().isEmpty()) progress.note(spec.name() + ": kept as deployed: " + params.keptLine());
    return method == Method.CHANGE_SET
        ? prepareChangeSet(spec, create, current, lastEvent, planOnly, params)
        : prepareDirect(spec, create, current, lastEvent, planOnly, params);
  }

  /** Runs a prepared change and follows it to the end. */
  public StackResult execute(Prepared p) {
    String name = p.spec().name();
    if (p.action() == Action.UP_TO_DATE || p.action() == Action.PLANNED) {
      return StackResult.upToDate(name, gateway.describe(name));
    }
    inFlight.start(name, name + " is being " + (p.create() ? "created" : "updated"));
    String token = p.action() == Action.EXECUTE_CHANGE_SET ? "exec-" + p.changeSetName()
        : token(name, p.create() ? "create" : "update");
    boolean lifted = false;
    try {
      try {
        switch (p.action()) {
          case EXECUTE_CHANGE_SET -> {
            if (!executable(name, p.changeSetName())) break;
            if (allowReplacement && !p.create() && p.spec().policy() != null) {
              gateway.setStackPolicy(name, StatefulResources.ALLOW_ALL);
              lifted = true;
            }
            try {
              gateway.executeChangeSet(name, p.changeSetName(), token);
            } catch (InvalidChangeSetStatusException e) {
              // a retried call whose first attempt landed: the change set is executing already
              if (!executable(name, p.changeSetName())) break;
              throw e;
            }
          }
          case CREATE_STACK -> gateway.createStack(name, p.spec().template(), p.parameters().values(), p.spec().tags(),
              token, p.spec().policy(), p.spec().terminationProtection());
          case UPDATE_STACK -> {
            if (!gateway.updateStack(name, p.spec().template(), p.parameters(), p.spec().tags(), token,
                allowReplacement && p.spec().policy() != null ? StatefulResources.ALLOW_ALL : null)) {
              progress.note(name + ": up to date");
              return StackResult.upToDate(name, gateway.describe(name));
            }
          }
          default -> throw new IllegalStateException(p.action().toString());
        }
      } catch (CloudFormationException e) {
        if (!alreadyRunning(name, e)) throw rejected(name, e);
      }
      StackResult r = watcher.watch(name, name, p.lastEventId(), p.create() ? "create" : "update",
          p.spec().resourceCount(), OPERATION_TIMEOUT, token);
      if (r.ok()) protect(p, r);
      return r;
    } finally {
      inFlight.end(name);
      if (lifted) restorePolicy(p.spec());
    }
  }

  /**
   * True when the change set can be executed now (ExecutionStatus AVAILABLE); false when it is executing or executed
   * already (a retried call, or another run): then it is only watched. OBSOLETE or UNAVAILABLE: the stack changed
   * since the change set was computed (someone else updated it while the user was at the prompt): refused.
   */
  private boolean executable(String stack, String changeSetName) {
    ChangeSet now = watcher.read(() -> gateway.describeChangeSet(stack, changeSetName));
    String status = now.executionStatus();
    if (status == null || status.equals("AVAILABLE")) return true;
    if (status.equals("EXECUTE_IN_PROGRESS") || status.equals("EXECUTE_COMPLETE")) {
      progress.note(stack + ": change set " + changeSetName + " is " + status + " already: following it");
      return false;
    }
    try {
      gateway.deleteChangeSet(stack, changeSetName);
    } catch (CloudFormationException e) {
      progress.detail("cleanup of " + stack + "/" + changeSetName + ": " + AwsFailures.oneLine(e.getMessage()));
    }
    throw new UserException(ExitCode.PRECONDITION, stack + ": the change set is " + status
        + ": someone else changed the stack after it was computed; run " + command.apply("deploy")
        + " again to see the change as it is now");
  }

  /** True for CloudFormation's answer to a retried call that had landed: the operation is running already. */
  private boolean alreadyRunning(String stack, CloudFormationException e) {
    String message = String.valueOf(e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
    boolean busy = message.contains("_IN_PROGRESS state") || e instanceof AlreadyExistsException;
    if (!busy) return false;
    Optional<StackInfo> now = gateway.describe(stack);
    if (now.isEmpty() || now.get().state() != StackState.BUSY) return false;
    progress.note(stack + " is " + now.get().status() + " already (a retried call had landed): following it");
    return true;
  }

  /** After a successful create or update: the stack policy and termination protection the spec asks for. */
  private void protect(Prepared p, StackResult r) {
    String name = p.spec().name();
    try {
      if (p.spec().policy() != null && p.action() != Action.CREATE_STACK) gateway.setStackPolicy(name, p.spec().policy());
      if (p.spec().terminationProtection() && r.info().map(i -> !i.terminationProtection()).orElse(false)) {
        gateway.terminationProtection(name, true);
      }
    } catch (CloudFormationException e) {
      progress.problem(name + ": could not set its stack policy or termination protection: "
          + AwsFailures.oneLine(e.getMessage()) + " (run " + command.apply("deploy") + " again)");
    }
  }

  private void restorePolicy(StackSpec spec) {
    try {
      gateway.setStackPolicy(spec.name(), spec.policy());
    } catch (CloudFormationException e) {
      progress.problem(spec.name() + ": its stack policy stays lifted: " + AwsFailures.oneLine(e.getMessage())
          + " (run " + command.apply("deploy") + " again to set it)");
    }
  }

  /** Deletes a stack (by name) and follows the deletion; an absent stack is already deleted. */
  public StackResult delete(String stack) {
    return delete(stack, List.of());
  }

  /**
   * Deletes a stack (by name) whatever state it settled in, failed ones included (DeleteStack accepts every
   * settled status), and follows the deletion; an absent stack is already deleted. {@code retain}: logical ids
   * to leave in place, passed only when the stack is DELETE_FAILED and only those whose deletion failed (the
   * only resources RetainResources is meant for).
   */
  public StackResult delete(String stack, Collection<String> retain) {
    Optional<StackInfo> current = settleForDelete(stack);
    if (current.isEmpty()) return new StackResult(stack, "DELETE_COMPLETE", Optional.empty(), List.of());
    StackInfo s = current.get();
    String id = s.id();
    List<String> kept = List.of();
    if ("DELETE_FAILED".equals(s.status()) && !retain.isEmpty()) {
      Set<String> failing = new HashSet<>();
      watcher.read(() -> gateway.resourcesFailingDeletion(id)).forEach(e -> failing.add(e.logicalId()));
      kept = retain.stream().filter(failing::contains).distinct().toList();
      if (!kept.isEmpty()) progress.note(stack + ": deleting it and keeping " + String.join(", ", kept));
    } else if (s.state() == StackState.BROKEN) {
      progress.note(stack + " is " + s.status() + ": deleting it");
    }
    String lastEvent = gateway.newestEventId(id);
    int total = s.state() == StackState.REVIEW ? 0 : safeCount(id);
    inFlight.start(stack, stack + " is being deleted");
    String token = token(stack, "delete");
    try {
      try {
        if (s.terminationProtection()) {
          // destroy asked first: its confirmation covers the protected stacks it listed
          try {
            gateway.terminationProtection(id, false);
            progress.note(stack + ": termination protection lifted");
          } catch (CloudFormationException e) {
            progress.problem(stack + ": could not lift its termination protection: " + AwsFailures.oneLine(e.getMessage()));
          }
        }
        gateway.deleteStack(id, kept, token);
      } catch (CloudFormationException e) {
        String reason = AwsFailures.oneLine(e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
        progress.problem(stack + ": delete refused: " + reason);
        return new StackResult(stack, "DELETE_FAILED", current, List.of(new StackEvent("", Instant.now(),
            stack, stack, "AWS::CloudFormation::Stack", "DELETE_FAILED", reason)));
      }
      return watcher.watch(stack, id, lastEvent, "delete", total, OPERATION_TIMEOUT, token);
    } finally {
      inFlight.end(stack);
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
          if (s.terminationProtection()) gateway.terminationProtection(s.id(), false);
          String token = token(stack, "recreate");
          gateway.deleteStack(s.id(), List.of(), token);
          StackResult r = watcher.watch(stack, s.id(), lastEvent, "delete", 0, OPERATION_TIMEOUT, token);
          if (!r.ok()) {
            throw new UserException(ExitCode.STACK_FAILED, "could not delete " + stack + " (" + r.status() + "): "
                + String.join("; ", r.reasons()));
          }
        }
        case BROKEN -> throw new UserException(ExitCode.PRECONDITION, stack + " is " + s.status()
            + (s.statusReason() == null ? "" : " (" + AwsFailures.oneLine(s.statusReason()) + ")")
            + ": " + wayOut(stack, s.status(), command) + ", then run deploy again");
      }
    }
    throw new UserException(ExitCode.STACK_BUSY, stack + " keeps changing state: run the command again later");
  }

  /**
   * What gets a stack out of a failed state, as the command to run: continue-rollback (ContinueUpdateRollback) for
   * UPDATE_ROLLBACK_FAILED, (RollbackStack) for CREATE_FAILED and UPDATE_FAILED, which a stack reaches only with
   * rollback disabled; deleting it for the rest (ROLLBACK_FAILED, DELETE_FAILED, IMPORT_ROLLBACK_FAILED).
   */
  public static String wayOut(String stack, String status, Function<String, String> command) {
    return switch (String.valueOf(status)) {
      case "UPDATE_ROLLBACK_FAILED" -> "run " + command.apply("continue-rollback")
          + " (add --skip ID for a resource that cannot be rolled back)";
      case "UPDATE_FAILED", "CREATE_FAILED" -> "run " + command.apply("continue-rollback")
          + " to roll it back to its last stable state";
      default -> "delete it with " + command.apply("destroy") + " (or `aws cloudformation delete-stack --stack-name "
          + stack + "`)";
    };
  }

  private Prepared prepareChangeSet(StackSpec spec, boolean create, Optional<StackInfo> current, String lastEvent,
      boolean planOnly, StackSpec.ParameterPlan params) {
    String name = spec.name();
    String csName = "zerodown-" + System.currentTimeMillis();
    try {
      gateway.createChangeSet(name, csName, create, spec.template(), params, spec.tags());
    } catch (CloudFormationException e) {
      if (String.valueOf(e.getMessage()).contains("No updates are to be performed")) {
        progress.note(name + ": up to date");
        return new Prepared(spec, Action.UP_TO_DATE, create, csName, lastEvent, Optional.empty(), params);
      }
      throw rejected(name, e);
    }
    ChangeSet cs = awaitChangeSet(name, csName);
    if (cs.empty()) {
      cleanUp(name, csName, create);
      progress.note(name + ": up to date");
      return new Prepared(spec, Action.UP_TO_DATE, create, csName, lastEvent, Optional.of(cs), params);
    }
    if (cs.failed()) {
      cleanUp(name, csName, create);
      throw new UserException(ExitCode.TEMPLATE_REJECTED, name + ": CloudFormation rejected the change set: "
          + AwsFailures.oneLine(cs.statusReason()));
    }
    progress.changes(cs);
    if (planOnly) {
      cleanUp(name, csName, create);
      return new Prepared(spec, Action.PLANNED, create, csName, lastEvent, Optional.of(cs), params);
    }
    List<ResourceChange> lost = cs.changes().stream().filter(StatefulResources::lost).toList();
    if (refuseStatefulLoss && !lost.isEmpty()) {
      cleanUp(name, csName, create);
      throw new UserException(ExitCode.NOT_CONFIRMED, name + ": the change set would "
          + String.join(", ", lost.stream().map(c -> ("Remove".equals(c.action()) ? "remove " : "replace ")
              + c.logicalId() + " (" + c.resourceType() + ")").toList())
          + " and its state with it: not deployed under --yes (change set deleted); review it without --yes, or add "
          + "--allow-replacement if you mean it");
    }
    boolean confirmed;
    try {
      confirmed = confirmer.confirm("Deploy these changes to " + name + "?");
    } catch (RuntimeException unanswered) {
      cleanUp(name, csName, create);
      throw unanswered;
    }
    if (!confirmed) {
      cleanUp(name, csName, create);
      throw new UserException(ExitCode.NOT_CONFIRMED, name + ": not deployed (change set deleted)");
    }
    return new Prepared(spec, Action.EXECUTE_CHANGE_SET, create, csName, lastEvent, Optional.of(cs), params);
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
      boolean planOnly, StackSpec.ParameterPlan params) {
    String name = spec.name();
    if (create) {
      if (current.isPresent() && !planOnly) {
        gateway.deleteStack(current.get().id());
        watcher.watch(name, current.get().id(), null, "delete", 0, OPERATION_TIMEOUT);
      }
      progress.newStack(name, Template.resources(spec.template().body()));
    } else {
      String deployed = gateway.deployedTemplate(name);
      boolean templateChanged = !normalise(deployed).equals(normalise(spec.template().body()));
      Map<String, String> deployedParams = current.get().parameters();
      // every parameter: those passed, and (once the template's declarations are known) those deployed and no longer
      // passed; the kept ones do not change
      boolean paramsChanged = params.values().keySet().stream()
          .anyMatch(k -> !same(spec, k, params.values().get(k), deployedParams.get(k)))
          || !spec.declared().isEmpty() && deployedParams.keySet().stream()
              .anyMatch(k -> !params.values().containsKey(k) && !params.kept().containsKey(k));
      if (!templateChanged && !paramsChanged) {
        progress.note(name + ": up to date");
        return new Prepared(spec, Action.UP_TO_DATE, false, null, lastEvent, Optional.empty(), params);
      }
      Map<String, String> shown = new LinkedHashMap<>();
      Map<String, String> before = new LinkedHashMap<>();
      params.values().forEach((k, v) -> {
        boolean same = same(spec, k, v, deployedParams.get(k));
        shown.put(k, same ? "=" : v);
        if (deployedParams.containsKey(k)) before.put(k, same ? "=" : deployedParams.get(k));
      });
      deployedParams.forEach((k, v) -> {
        if (!spec.declared().isEmpty() && !params.values().containsKey(k) && !params.kept().containsKey(k)) before.put(k, v);
      });
      progress.directChanges(name, false, spec.resourceCount(), templateChanged, before, shown);
    }
    if (planOnly) return new Prepared(spec, Action.PLANNED, create, null, lastEvent, Optional.empty(), params);
    if (!confirmer.confirm((create ? "Create " : "Update ") + name + "?")) {
      throw new UserException(ExitCode.NOT_CONFIRMED, name + ": not deployed");
    }
    return new Prepared(spec, create ? Action.CREATE_STACK : Action.UPDATE_STACK, create, null, lastEvent,
        Optional.empty(), params);
  }

  /** True when the deployed value of {@code key} is what this update passes (a masked NoEcho value counts as same). */
  private static boolean same(StackSpec spec, String key, String value, String deployed) {
    if (spec.parameters().containsKey(key)) return spec.sameParameter(key, deployed);
    return "****".equals(deployed) || value != null && value.equals(deployed);
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
