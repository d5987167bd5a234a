package dev.zerodown.provisioner.rollout;

import dev.zerodown.provisioner.artifacts.AgentJar;
import dev.zerodown.provisioner.cfn.CloudFormationGateway;
import dev.zerodown.provisioner.cli.Session;
import dev.zerodown.provisioner.cli.VerbCommand;
import dev.zerodown.provisioner.cli.Version;
import dev.zerodown.provisioner.console.Console;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.fleet.WebTier;
import dev.zerodown.provisioner.probe.DurationConverter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** rollout: a new agent jar through the web group, one instance at a time, never below 2 serving. */
@Command(name = "rollout", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
    description = {"Uploads the agent jar (the one inside this provisioner, or --agent-jar PATH) to the artifacts "
        + "bucket under its SHA-256, or takes --to DIGEST already there, and updates only the web stack's "
        + "ArtifactSha256: the template's rolling update replaces the instances one at a time, each new one healthy "
        + "in the target group before an old one goes. Follows it to the end; a new instance that fails its checks "
        + "cancels the update (CloudFormation rolls back)."})
public final class RolloutCommand extends VerbCommand {
  static final class What {
    @Option(names = "--agent-jar", paramLabel = "PATH", description = "Roll out this agent jar (default: the bundled one).")
    Path agentJar;

    @Option(names = "--to", paramLabel = "DIGEST",
        description = "Roll out (or back to) the jar with this SHA-256, already in the artifacts bucket.")
    String digest;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  What what;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "45m", converter = DurationConverter.class,
      description = "Give up following the update after this long (default: ${DEFAULT-VALUE}); CloudFormation keeps going.")
  Duration timeout;

  @Override
  public Integer call() throws InterruptedException {
    try (Session session = openSession()) {
      Console c = session.console();
      Rollout.Source source = what != null && what.digest != null
          ? new Rollout.Source.Digest(Rollout.requireDigest(what.digest))
          : new Rollout.Source.Jar(AgentJar.load(Optional.ofNullable(what == null ? null : what.agentJar)));
      CloudFormationGateway cfn = session.cloudFormation();
      WebTier tier = WebTier.read(cfn, session.env(), session.hint("deploy"));
      Rollout.Aws aws = new Rollout.Aws(cfn, session.artifacts(), session.autoScaling(), session.loadBalancing(),
          session.clients().patience());
      Rollout rollout = new Rollout(tier, aws, session.host().inFlight(),
          new Rollout.Timing(session.host().pollInterval(), timeout), session::hint, c::println, c::warn);
      RolloutReport report = rollout.run(source);
      c.print(report);
      return report.succeeded() ? ExitCode.OK : ExitCode.STACK_FAILED;
    }
  }
}
