package dev.zerodown.provisioner.status;

import dev.zerodown.provisioner.cfn.ResourceDrift;
import dev.zerodown.provisioner.cli.Session;
import dev.zerodown.provisioner.cli.VerbCommand;
import dev.zerodown.provisioner.cli.Version;
import dev.zerodown.provisioner.console.Console;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** status: the stacks and their outputs, and every web instance with its lifecycle, health and agent jar digest. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
    description = {"Shows every stack's state and outputs, the web instances (ASG lifecycle and health, target "
        + "health, verdict, agent jar digest they were launched with) and the bastion."})
public final class StatusCommand extends VerbCommand {
  @Option(names = "--image-parameter", paramLabel = "SSM_PATH",
      description = "SSM parameter to compare each tier's AMI with (default: AL2023 for the tier's instance type architecture, as deploy uses).")
  String imageParameter;

  @Option(names = "--drift",
      description = "Also detect drift (DetectStackDrift) on every stack: resources changed outside CloudFormation, "
          + "with the properties that differ. Takes a minute or more.")
  boolean drift;

  /**
   * Prints the report (text, or one JSON document), then with --drift (text, something deployed) each stack's drift as
   * it is detected; exit 1 after all that when a stack is left in a *_FAILED status, naming its way out.
   */
  @Override
  public Integer call() {
    try (Session session = openSession()) {
      Console c = session.console();
      Status status = new Status(session.env(), session.settings().region().id(), session.cloudFormation(),
          session.loadBalancing(), session.autoScaling(), session.ec2(), session.ssm(), Optional.ofNullable(imageParameter),
          c::detail);
      StatusReport report = status.read();
      c.print(report.painted(c, session::hint));
      if (drift && !c.json() && report.deployed()) {
        c.println(StatusReport.DRIFT_TITLE);
        new Drift(session.cloudFormation(), session.watcher(), session.host().pollInterval())
            .detect(report.stacks().values(), new Drift.Events() {
              @Override
              public void stack(Drift.StackDrift outcome) {
                c.println(StatusReport.driftLine(c, outcome));
              }

              @Override
              public void resources(List<ResourceDrift> drifts) {
                drifts.forEach(d -> c.println(StatusReport.driftResourceLine(d)));
              }
            });
      }
      Optional<String> failure = report.failure(session::hint);
      if (failure.isPresent()) throw new UserException(ExitCode.STACK_FAILED, failure.get());
      return ExitCode.OK;
    }
  }
}
