package dev.zerodown.provisioner.rollback;

import dev.zerodown.provisioner.aws.AwsFailures;
import dev.zerodown.provisioner.cfn.CloudFormationGateway;
import dev.zerodown.provisioner.cfn.Method;
import dev.zerodown.provisioner.cfn.StackDeployer;
import dev.zerodown.provisioner.cfn.StackEvent;
import dev.zerodown.provisioner.cfn.StackInfo;
import dev.zerodown.provisioner.cfn.StackResult;
import dev.zerodown.provisioner.cfn.StackWatcher;
import dev.zerodown.provisioner.cli.WaitTimeout;
import dev.zerodown.provisioner.cli.Session;
import dev.zerodown.provisioner.cli.VerbCommand;
import dev.zerodown.provisioner.cli.Version;
import dev.zerodown.provisioner.console.Console;
import dev.zerodown.provisioner.environment.StackPart;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;

/**
 * continue-rollback: gets a stack out of a failed update or create. UPDATE_ROLLBACK_FAILED (a rollback that could not
 * finish, e.g. old web instances that did not boot and signal again): ContinueUpdateRollback, with --skip for the
 * resources whose rollback failed. UPDATE_FAILED or CREATE_FAILED (rollback disabled): RollbackStack.
 */
@Command(name = "continue-rollback", mixinStandardHelpOptions = true, versionProvider = Version.class,
    sortOptions = false, description = {"Gets the environment's stacks out of UPDATE_ROLLBACK_FAILED "
        + "(ContinueUpdateRollback; --skip the resources whose rollback failed, listed) and out of UPDATE_FAILED or "
        + "CREATE_FAILED (RollbackStack), after confirmation, and follows each rollback to its end. Then run deploy "
        + "again."})
public final class ContinueRollbackCommand extends VerbCommand {
  /** How long a rollback may take before we stop following it (CloudFormation keeps going). */
  private static final Duration TIMEOUT = Duration.ofHours(2);
  private static final Set<String> HANDLED = Set.of("UPDATE_ROLLBACK_FAILED", "UPDATE_FAILED", "CREATE_FAILED");

  @Option(names = "--stack", paramLabel = "PART",
      description = "Only this stack: artifacts, network, bastion, database or web (default: every stack in one of those states).")
  String part;

  @Mixin
  SkippedResources skip;

  @Mixin
  WaitTimeout waitTimeout;

  @Override
  public Integer call() {
    Duration busy = waitTimeout.get();
    List<StackPart> parts;
    try {
      parts = part == null ? List.of(StackPart.values()) : List.of(StackPart.fromName(part));
    } catch (IllegalArgumentException e) {
      throw UserException.usage("--stack: " + e.getMessage());
    }
    try (Session session = openSession()) {
      Console c = session.console();
      c.requireAnswerable("continue-rollback");
      String env = session.env();
      CloudFormationGateway cfn = session.cloudFormation();
      StackWatcher watcher = session.watcher();
      List<StackInfo> stuck = new ArrayList<>();
      for (StackPart p : parts) {
        cfn.describe(p.stackName(env)).ifPresent(s -> {
          if (HANDLED.contains(s.status())) stuck.add(s);
          else if (part != null) {
            throw new UserException(ExitCode.PRECONDITION, s.name() + " is " + s.status() + ", not UPDATE_ROLLBACK_FAILED, "
                + "UPDATE_FAILED or CREATE_FAILED: nothing to roll back" + (s.status().endsWith("_FAILED")
                    ? "; " + StackDeployer.wayOut(s.name(), s.status(), session::hint) : ""));
          }
        });
      }
      if (stuck.isEmpty()) {
        c.println("Nothing to roll back: no zerodown-" + env + " stack is UPDATE_ROLLBACK_FAILED, UPDATE_FAILED or "
            + "CREATE_FAILED in " + session.settings().region().id());
        return ExitCode.OK;
      }
      // the resources whose rollback failed, per stack: the only ones --skip may name
      Map<String, List<StackEvent>> failing = new LinkedHashMap<>();
      for (StackInfo s : stuck) {
        List<StackEvent> failed = "UPDATE_ROLLBACK_FAILED".equals(s.status())
            ? watcher.read(() -> cfn.resourcesIn(s.id(), "UPDATE_FAILED")) : List.of();
        failing.put(s.name(), failed);
        c.println(s.name() + " is " + s.status() + (s.statusReason() == null ? "" : " (" + AwsFailures.oneLine(s.statusReason()) + ")"));
        if (!failed.isEmpty()) {
          c.println("  resources whose rollback failed (UPDATE_FAILED; --skip ID leaves one as it is):");
          failed.forEach(e -> c.println("    " + e.logicalId() + " (" + e.resourceType() + "): " + e.reason()));
        }
      }
      skip.requireAmong(failing.values());
      if (!c.confirm("Roll back " + String.join(", ", stuck.stream().map(StackInfo::name).toList()) + "?")) {
        throw new UserException(ExitCode.NOT_CONFIRMED, "nothing rolled back");
      }
      StackDeployer tokens = new StackDeployer(cfn, watcher, session.progress(), c, Method.DIRECT,
          session.host().pollInterval(), busy, session.host().inFlight());
      List<StackResult> failed = new ArrayList<>();
      for (StackInfo s : stuck) {
        List<String> skipped = skip.in(failing.get(s.name()));
        String token = tokens.token(s.name(), "rollback");
        String lastEvent = cfn.newestEventId(s.id());
        session.host().inFlight().start(s.name(), s.name() + " is being rolled back");
        try {
          if ("UPDATE_ROLLBACK_FAILED".equals(s.status())) {
            if (!skipped.isEmpty()) c.println(s.name() + ": continuing the rollback, skipping " + String.join(", ", skipped));
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
          session.host().inFlight().end(s.name());
        }
        if (!rolledBack(r.status())) failed.add(r);
      }
      if (failed.isEmpty()) {
        c.println(c.green("Rolled back: " + String.join(", ", stuck.stream().map(StackInfo::name).toList())
            + ". Fix the cause, then run " + session.hint("deploy")));
        return ExitCode.OK;
      }
      for (StackResult r : failed) {
        c.err().println(c.red("x " + r.stack() + " " + r.status()));
        r.reasons().forEach(reason -> c.err().println("    " + reason));
      }
      c.err().flush();
      StackResult first = failed.get(0);
      throw new UserException(ExitCode.STACK_FAILED, first.stack() + " ended " + first.status() + " (reasons above): "
          + StackDeployer.wayOut(first.stack(), first.status(), session::hint));
    }
  }

  /** The statuses a rollback ends in when it worked (RollbackStack deletes a stack that never had a stable state). */
  static boolean rolledBack(String status) {
    return "UPDATE_ROLLBACK_COMPLETE".equals(status) || "ROLLBACK_COMPLETE".equals(status)
        || "DELETE_COMPLETE".equals(status);
  }
}
