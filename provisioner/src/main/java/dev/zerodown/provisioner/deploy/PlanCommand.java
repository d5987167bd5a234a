package dev.zerodown.provisioner.deploy;

import dev.zerodown.provisioner.ZerodownCommand;
import dev.zerodown.provisioner.cli.CommonOptions;
import dev.zerodown.provisioner.cli.Session;
import dev.zerodown.provisioner.cli.Version;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** plan: what deploy would change, stack by stack; changes nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
    description = {"Shows what deploy would change: a change set per stack, deleted again (with the empty stack a "
        + "first change set leaves). Stacks that need an earlier stack to exist are listed as \"created after\"."})
public final class PlanCommand implements Callable<Integer> {
  @ParentCommand
  ZerodownCommand root;

  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Mixin
  DeployOptions options;

  @Override
  public Integer call() {
    DeployInputs inputs = options.validate();
    try (Session session = Session.open(spec, root.host(), common)) {
      return new Deployment(session, inputs, true, options.renderer()).run();
    }
  }
}
