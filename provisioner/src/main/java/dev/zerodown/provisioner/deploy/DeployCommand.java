package dev.zerodown.provisioner.deploy;

import dev.zerodown.provisioner.cli.Version;
import picocli.CommandLine.Command;

/** deploy: creates or updates the environment's stacks, showing each change and asking before it runs. */
@Command(name = "deploy", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
    description = {"Creates or updates the stacks: artifacts, agent jar upload, network, bastion and database "
        + "(in parallel), web. Each stack's change set is shown (+ add, > modify, - remove; replacements flagged) "
        + "and confirmed unless --yes; an empty change set is \"up to date\"."})
public final class DeployCommand extends DeploymentVerb {
  @Override
  boolean planOnly() {
    return false;
  }
}
