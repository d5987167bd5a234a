package dev.zerodown.provisioner.deploy;

import dev.zerodown.provisioner.cli.DeployOptions;
import dev.zerodown.provisioner.cli.Session;
import dev.zerodown.provisioner.cli.VerbCommand;
import dev.zerodown.provisioner.cli.Version;
import dev.zerodown.provisioner.environment.DeployInputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** plan: what deploy would change, stack by stack; changes nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
    description = {"Shows what deploy would change: a change set per stack, deleted again (with the empty stack a "
        + "first change set leaves). Stacks that need an earlier stack to exist are listed as \"created after\"."})
public final class PlanCommand extends VerbCommand {
  @Mixin
  DeployOptions options;

  @Override
  public Integer call() {
    DeployInputs inputs = options.validate();
    try (Session session = openSession()) {
      return new Deployment(session, inputs, true, options.renderer()).run();
    }
  }
}
