package dev.zerodown.provisioner.deploy;

import dev.zerodown.provisioner.cli.DeployOptions;
import dev.zerodown.provisioner.cli.Session;
import dev.zerodown.provisioner.cli.VerbCommand;
import dev.zerodown.provisioner.environment.DeployInputs;
import dev.zerodown.provisioner.error.ExitCode;
import picocli.CommandLine.Mixin;

/** deploy and plan: the same options, checked before any AWS call, and one {@link Deployment} that runs or plans. */
abstract class DeploymentVerb extends VerbCommand {
  @Mixin
  DeployOptions options;

  /** True for plan: every change set is shown and deleted again, nothing is asked or changed. */
  abstract boolean planOnly();

  @Override
  public final Integer call() {
    DeployInputs inputs = options.validate();
    try (Session session = openSession()) {
      // no upfront "no terminal" refusal: an up-to-date deploy needs no answer; the first change that does stops (exit 5)
      DeployReport report = new Deployment(session, inputs, planOnly(), options.renderer()).run();
      session.console().print(report.painted(session.console()));
      return ExitCode.OK;
    }
  }
}
