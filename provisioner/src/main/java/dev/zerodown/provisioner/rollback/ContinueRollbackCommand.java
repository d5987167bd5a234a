package dev.zerodown.provisioner.rollback;

import dev.zerodown.provisioner.cfn.CloudFormationGateway;
import dev.zerodown.provisioner.cfn.Method;
import dev.zerodown.provisioner.cfn.StackDeployer;
import dev.zerodown.provisioner.cfn.StackWatcher;
import dev.zerodown.provisioner.cli.Session;
import dev.zerodown.provisioner.cli.VerbCommand;
import dev.zerodown.provisioner.cli.Version;
import dev.zerodown.provisioner.cli.WaitTimeout;
import dev.zerodown.provisioner.console.Console;
import dev.zerodown.provisioner.console.Json;
import dev.zerodown.provisioner.environment.StackPart;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * continue-rollback: gets a stack out of a failed update or create. UPDATE_ROLLBACK_FAILED (a rollback that could not
 * finish, e.g. old web instances that did not boot and signal again): ContinueUpdateRollback, with --skip for the
 * resources whose rollback failed. UPDATE_FAILED or CREATE_FAILED (rollback disabled): RollbackStack. Parses the
 * options, asks for confirmation, and hands the session's gateways to a {@link Rollback}, whose
 * {@link RollbackReport} it prints (exit 1 when a rollback failed again).
 */
@Command(name = "continue-rollback", mixinStandardHelpOptions = true, versionProvider = Version.class,
    sortOptions = false, description = {"Gets the environment's stacks out of UPDATE_ROLLBACK_FAILED "
        + "(ContinueUpdateRollback; --skip the resources whose rollback failed, listed) and out of UPDATE_FAILED or "
        + "CREATE_FAILED (RollbackStack), after confirmation, and follows each rollback to its end. Then run deploy "
        + "again."})
public final class ContinueRollbackCommand extends VerbCommand {
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
    Optional<StackPart> only;
    try {
      only = part == null ? Optional.empty() : Optional.of(StackPart.fromName(part));
    } catch (IllegalArgumentException e) {
      throw UserException.usage("--stack: " + e.getMessage());
    }
    try (Session session = openSession()) {
      Console c = session.console();
      c.requireAnswerable("continue-rollback");
      String env = session.env();
      CloudFormationGateway cfn = session.cloudFormation();
      StackWatcher watcher = session.watcher();
      StackDeployer tokens = new StackDeployer(cfn, watcher, session.progress(), c, Method.DIRECT,
          session.host().pollInterval(), busy, session.host().inFlight());
      Rollback rollback = new Rollback(env, cfn, watcher, tokens, session.host().inFlight(), session::hint, c::println);
      Rollback.Plan plan = rollback.plan(only);
      RollbackReport report;
      if (plan.isEmpty()) {
        c.println("Nothing to roll back: no zerodown-" + env + " stack is UPDATE_ROLLBACK_FAILED, UPDATE_FAILED or "
            + "CREATE_FAILED in " + session.settings().region().id());
        report = rollback.nothingToRollBack();
      } else {
        skip.requireAmong(plan.failing());
        if (!c.confirm("Roll back " + String.join(", ", plan.names()) + "?")) {
          throw new UserException(ExitCode.NOT_CONFIRMED, "nothing rolled back");
        }
        report = rollback.run(plan, skip);
      }
      if (c.json()) c.result(Json.write(report.document()));
      report.lines().forEach(line -> c.println(c.green(line)));
      if (report.succeeded()) return ExitCode.OK;
      report.problems(c::red).forEach(c.err()::println);
      c.err().flush();
      throw report.failure();
    }
  }
}
