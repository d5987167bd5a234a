package dev.zerodown.provisioner.deploy;

import dev.zerodown.provisioner.cli.DeployOptions;
import dev.zerodown.provisioner.cli.Session;
import dev.zerodown.provisioner.cli.VerbCommand;
import dev.zerodown.provisioner.cli.Version;
import dev.zerodown.provisioner.environment.DeployInputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** deploy: creates or updates the environment's stacks, showing each change and asking before it runs. */
@Command(name = "deploy", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
    description = {"Creates or updates the stacks: artifacts, agent jar upload, network, bastion and database "
        + "(in parallel), web. Each stack's change set is shown (+ add, > modify, - remove; replacements flagged) "
        + "and confirmed unless --yes; an empty change set is \"up to date\"."})
public final class DeployCommand extends VerbCommand {
  @Mixin
  DeployOptions options;

  @Override
  public Integer call() {
    DeployInputs inputs = options.validate();
    try (Session session = openSession()) {
      session.console().requireAnswerable("the deployment");
      return new Deployment(session, inputs, false, options.renderer()).run();
    }
  }
}
