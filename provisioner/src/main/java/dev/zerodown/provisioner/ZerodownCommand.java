package dev.zerodown.provisioner;

import dev.zerodown.provisioner.cli.HostSource;
import dev.zerodown.provisioner.cli.Version;
import dev.zerodown.provisioner.console.ConsoleWriter;
import dev.zerodown.provisioner.deploy.DeployCommand;
import dev.zerodown.provisioner.deploy.PlanCommand;
import dev.zerodown.provisioner.destroy.DestroyCommand;
import dev.zerodown.provisioner.drill.DrillCommand;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.host.Host;
import dev.zerodown.provisioner.rollback.ContinueRollbackCommand;
import dev.zerodown.provisioner.logs.LogsCommand;
import dev.zerodown.provisioner.rollout.RolloutCommand;
import dev.zerodown.provisioner.scale.ScaleCommand;
import dev.zerodown.provisioner.status.StatusCommand;
import dev.zerodown.provisioner.synth.SynthCommand;
import dev.zerodown.provisioner.verify.VerifyCommand;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** The root command: lists the verbs. */
@Command(name = "java -jar provisioner.jar", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Deploys and operates a zero-downtime web tier on AWS with CloudFormation.",
    subcommands = {DeployCommand.class, PlanCommand.class, StatusCommand.class, DestroyCommand.class, SynthCommand.class,
        RolloutCommand.class, VerifyCommand.class, DrillCommand.class, ContinueRollbackCommand.class, LogsCommand.class,
        ScaleCommand.class},
    footerHeading = "%nExit codes:%n")
public final class ZerodownCommand implements Callable<Integer>, HostSource {
  private final Host host;

  @Spec
  CommandSpec spec;

  public ZerodownCommand(Host host) {
    this.host = host;
  }

  @Override
  public Host host() {
    return host;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  /**
   * The command line with its error handling (one line per error, the documented exit codes), printing to {@code out}
   * and {@code err} through {@link ConsoleWriter}: ASCII where the host's charset cannot encode a character, nothing
   * once an interrupt closed the output.
   */
  public static CommandLine commandLine(Host host, Writer out, Writer err) {
    CommandLine cl = new CommandLine(new ZerodownCommand(host));
    cl.setOut(new PrintWriter(out instanceof ConsoleWriter c ? c : new ConsoleWriter(out, host.charset(), host.gate()), true));
    cl.setErr(new PrintWriter(err instanceof ConsoleWriter c ? c : new ConsoleWriter(err, host.charset(), host.gate()), true));
    cl.getCommandSpec().usageMessage().footer(ExitCode.HELP);
    // each verb's synopsis is one line ("[OPTIONS]", the options are listed below it): the full one, indented under
    // "Usage: java -jar provisioner.jar deploy", took 25 lines and broke option labels at their commas
    cl.getSubcommands().values().forEach(sub -> sub.getCommandSpec().usageMessage().abbreviateSynopsis(true)
        .footerHeading("%nExit codes:%n").footer(ExitCode.HELP));
    cl.setExecutionExceptionHandler(new Failures());
    cl.setParameterExceptionHandler(Failures::usage);
    return cl;
  }
}
