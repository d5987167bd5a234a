package dev.zerodown.provisioner.rollback;

import dev.zerodown.provisioner.aws.AwsFailures;
import dev.zerodown.provisioner.cfn.CloudFormationGateway;
import dev.zerodown.provisioner.cfn.StackDeployer;
import dev.zerodown.provisioner.cfn.StackEvent;
import dev.zerodown.provisioner.cfn.StackInfo;
import dev.zerodown.provisioner.cfn.StackResult;
import dev.zerodown.provisioner.cfn.StackWatcher;
import dev.zerodown.provisioner.environment.StackPart;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import dev.zerodown.provisioner.host.InFlight;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;

/**
 * Gets an environment's stacks out of a failed update or create, one after the other: UPDATE_ROLLBACK_FAILED (a
 * rollback that could not finish) with ContinueUpdateRollback, skipping the resources asked for; UPDATE_FAILED or
 * CREATE_FAILED (rollback disabled) with RollbackStack; and follows each rollback to its end.
 */
public final class Rollback {
  /** How long a rollback may take before we stop following it (CloudFormation keeps going). */
  private static final Duration TIMEOUT = Duration.ofHours(2);
  private static final Set<String> HANDLED = Set.of("UPDATE_ROLLBACK_FAILED", "UPDATE_FAILED", "CREATE_FAILED");

  /** A stack to roll back as found, and (UPDATE_ROLLBACK_FAILED only) its resources whose rollback failed. */
  public record Stuck(StackInfo stack, List<StackEvent> failing) {
    public Stuck {
      failing = List.copyOf(failing);
    }

    String name() {
      return stack.name();
    }
  }

  /** The stacks to roll back, in {@link StackPart} order; empty when none is in one of the states handled. */
  public record Plan(List<Stuck> stacks) {
    public Plan {
      stacks = List.copyOf(stacks);
    }

    public boolean isEmpty() {
      return stacks.isEmpty();
    }

    /** Their names, in order. */
    public List<String> names() {
      return stacks.stream().map(Stuck::name).toList();
    }

    /** The resources whose rollback failed, per stack: the only ones --skip may name. */
    public Collection<List<StackEvent>> failing() {
      return stacks.stream().map(Stuck::failing).toList();
    }
  }

  private final String env;
  private final CloudFormationGateway cfn;
  private final StackWatcher watcher;
  private final StackDeployer tokens;
  private final InFlight inFlight;
  private final Function<String, String> command;
  private final Consumer<String> events;

  /**
   * {@code tokens} gives each rollback its ClientRequestToken; {@code command} the full command line of a verb, for
   * the messages that name a way out; {@code events} takes the lines that narrate the rollback (each stack found, the
   * resources skipped).
   */
  public Rollback(String env, CloudFormationGateway cfn, StackWatcher watcher, StackDeployer tokens, InFlight inFlight,
      Function<String, String> command, Consumer<String> events) {
    this.env = Objects.requireNonNull(env, "env");
    this.cfn = Objects.requireNonNull(cfn, "cfn");
    this.watcher = Objects.requireNonNull(watcher, "watcher");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
    this.command = Objects.requireNonNull(command, "command");
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * The stacks of {@code only} (or of every part) in a state handled, each told to the events with the resources
   * whose rollback failed; changes nothing. A stack asked for by name that is in another state: exit 4, naming its
   * way out when it failed otherwise.
   */
  public Plan plan(Optional<StackPart> only) {
    List<StackInfo> found = new ArrayList<>();
    for (StackPart p : only.map(List::of).orElse(List.of(StackPart.values()))) {
      cfn.describe(p.stackName(env)).ifPresent(s -> {
        if (HANDLED.contains(s.status())) found.add(s);
        else if (only.isPresent()) {
          throw new UserException(ExitCode.PRECONDITION, s.name() + " is " + s.status() + ", not UPDATE_ROLLBACK_FAILED, "
              + "UPDATE_FAILED or CREATE_FAILED: nothing to roll back" + (s.status().endsWith("_FAILED")
                  ? "; " + StackDeployer.wayOut(s.name(), s.status(), command) : ""));
        }
      });
    }
    List<Stuck> stuck = new ArrayList<>();
    for (StackInfo s : found) {
      List<StackEvent> failing = "UPDATE_ROLLBACK_FAILED".equals(s.status())
          ? watcher.read(() -> cfn.resourcesIn(s.id(), "UPDATE_FAILED")) : List.of();
      stuck.add(new Stuck(s, failing));
      events.accept(s.name() + " is " + s.status()
          + (s.statusReason() == null ? "" : " (" + AwsFailures.oneLine(s.statusReason()) + ")"));
      if (!failing.isEmpty()) {
        events.accept("  resources whose rollback failed (UPDATE_FAILED; --skip ID leaves one as it is):");
        failing.forEach(e -> events.accept("    " + e.logicalId() + " (" + e.resourceType() + "): " + e.reason()));
      }
    }
    return new Plan(stuck);
  }

  /** Nothing to roll back: the report of a plan found empty. */
  public RollbackReport nothingToRollBack() {
    return new RollbackReport(List.of(), List.of(), command);
  }

  /**
   * Rolls back the stacks of {@code plan} one after the other, each followed to its end; {@code skip} names the
   * resources ContinueUpdateRollback leaves as they are. CloudFormation refusing one: exit 4 at once.
   */
  public RollbackReport run(Plan plan, SkippedResources skip) {
    List<StackResult> failed = new ArrayList<>();
    for (Stuck stuck : plan.stacks()) {
      StackInfo s = stuck.stack();
      List<String> skipped = skip.in(stuck.failing());
      String token = tokens.token(s.name(), "rollback");
      String lastEvent = cfn.newestEventId(s.id());
      inFlight.start(s.name(), s.name() + " is being rolled back");
      try {
        if ("UPDATE_ROLLBACK_FAILED".equals(s.status())) {
          if (!skipped.isEmpty()) events.accept(s.name() + ": continuing the rollback, skipping " + String.join(", ", skipped));
          cfn.continueUpdateRollback(s.id(), skipped, token);
        } else {
          cfn.rollbackStack(s.id(), token);
        }
      } catch (CloudFormationException e) {
        throw new UserException(ExitCode.PRECONDITION, s.name() + ": CloudFormation refused the rollback: "
            + AwsFailures.oneLine(e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()));
      }
      StackResult r;
      try {
        r = watcher.watch(s.name(), s.id(), lastEvent, "rollback", 0, TIMEOUT, token);
      } finally {
        inFlight.end(s.name());
      }
      if (!rolledBack(r.status())) failed.add(r);
    }
    return new RollbackReport(plan.names(), failed, command);
  }

  /** The statuses a rollback ends in when it worked (RollbackStack deletes a stack that never had a stable state). */
  static boolean rolledBack(String status) {
    return "UPDATE_ROLLBACK_COMPLETE".equals(status) || "ROLLBACK_COMPLETE".equals(status)
        || "DELETE_COMPLETE".equals(status);
  }
}
