package dev.zerodown.provisioner.deploy;

import dev.zerodown.provisioner.cli.Version;
import picocli.CommandLine.Command;

/** plan: what deploy would change, stack by stack; changes nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
    description = {"Shows what deploy would change: a change set per stack, deleted again (with the empty stack a "
        + "first change set leaves). Stacks that need an earlier stack to exist are listed as \"created after\"."})
public final class PlanCommand extends DeploymentVerb {
  @Override
  boolean planOnly() {
    return true;
  }
}
