package dev.zerodown.provisioner.destroy;

import dev.zerodown.provisioner.cfn.CloudFormationGateway;
import dev.zerodown.provisioner.cfn.Method;
import dev.zerodown.provisioner.cfn.StackDeployer;
import dev.zerodown.provisioner.cli.Session;
import dev.zerodown.provisioner.cli.VerbCommand;
import dev.zerodown.provisioner.cli.Version;
import dev.zerodown.provisioner.cli.WaitTimeout;
import dev.zerodown.provisioner.console.Console;
import dev.zerodown.provisioner.console.Json;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * destroy: parses the options, asks for confirmation, and hands the session's gateways to a {@link Destruction},
 * whose {@link DestroyReport} it prints (exit 6 when anything is left).
 */
@Command(name = "destroy", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
    description = {"Deletes the stacks in reverse order (web, bastion and database in parallel, network, artifacts), "
        + "failed ones (DELETE_FAILED, *_FAILED) included, "
        + "after confirmation; empties the artifacts bucket (every version) before its stack; stacks already gone "
        + "are skipped; anything left behind is listed (exit 6)."})
public final class DestroyCommand extends VerbCommand {
  @Mixin
  WaitTimeout waitTimeout;

  @Option(names = "--retain", paramLabel = "LOGICAL_ID",
      description = "For a stack left DELETE_FAILED: delete it but keep this resource (repeatable; only resources "
          + "whose deletion failed; delete them yourself afterwards).")
  List<String> retain = new ArrayList<>();

  @Override
  public Integer call() {
    Duration busy = waitTimeout.get();
    try (Session session = openSession()) {
      Console c = session.console();
      c.requireAnswerable("destroy");
      String env = session.env();
      String region = session.settings().region().id();
      CloudFormationGateway cfn = session.cloudFormation();
      StackDeployer deployer = new StackDeployer(cfn, session.watcher(), session.progress(), c, Method.DIRECT,
          session.host().pollInterval(), busy, session.host().inFlight());
      StrayResources strays = new StrayResources(env, session.loadBalancing(), session.autoScaling(), session.ec2(),
          c::detail);
      Destruction destruction = new Destruction(env, cfn, deployer, session.artifacts(), strays,
          session.host().inFlight(), c::println);
      Destruction.Plan plan = destruction.plan();
      DestroyReport report;
      if (plan.isEmpty()) {
        c.println("Nothing to destroy: no zerodown-" + env + " stacks in " + region);
        report = destruction.nothingToDelete();
      } else {
        plan.listing(region).forEach(c::println);
        if (!c.confirm("Destroy zerodown-" + env + "?")) {
          throw new UserException(ExitCode.NOT_CONFIRMED, "nothing deleted");
        }
        report = destruction.run(plan, retain);
      }
      if (c.json()) c.result(Json.write(report.document()));
      report.lines().forEach(line -> c.println(c.green(line)));
      if (report.complete()) return ExitCode.OK;
      report.problems().forEach(c.err()::println);
      c.err().flush();
      throw report.failure(session.options().endpoint());
    }
  }
}
