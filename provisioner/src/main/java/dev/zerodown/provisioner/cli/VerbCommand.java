package dev.zerodown.provisioner.cli;

import dev.zerodown.provisioner.host.Host;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every verb that talks to AWS shares: the {@link Host} from the root command, its picocli spec, the
 * common options, and the {@link Session} they open. picocli reads the annotated fields of this class before
 * the verb's own, so the common options come first in every verb's --help.
 */
public abstract class VerbCommand implements Callable<Integer> {
  @ParentCommand
  HostSource root;

  @Spec
  protected CommandSpec spec;

  @Mixin
  protected CommonOptions common;

  /** The machine this runs on (environment, terminal, poll pacing). */
  protected final Host host() {
    return root.host();
  }

  /** Checks the common options and opens the session; makes no AWS call. */
  protected final Session openSession() {
    return Session.open(spec, host(), common);
  }
}
