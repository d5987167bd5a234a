package dev.zerodown.provisioner.scale;

import dev.zerodown.provisioner.cfn.CloudFormationGateway;
import dev.zerodown.provisioner.cfn.Method;
import dev.zerodown.provisioner.cfn.StackDeployer;
import dev.zerodown.provisioner.cfn.TemplateStore;
import dev.zerodown.provisioner.cli.Session;
import dev.zerodown.provisioner.cli.VerbCommand;
import dev.zerodown.provisioner.cli.WaitTimeout;
import dev.zerodown.provisioner.cli.Version;
import dev.zerodown.provisioner.console.Console;
import dev.zerodown.provisioner.environment.StackPart;
import dev.zerodown.provisioner.environment.WebScaling;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import dev.zerodown.provisioner.fleet.WebTier;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** scale: the web group's minimum and maximum, its scaling policies and latest scaling activities. */
@Command(name = "scale", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
    description = {"Without options: shows the web group's min, max and desired capacity, its scaling policies with "
        + "their targets, and its latest scaling activities with their causes. With --min N and/or --max M: updates only "
        + "the web stack's WebMinSize and WebMaxSize (the deployed template, every other parameter as deployed), showing "
        + "the change and asking first unless --yes. The desired capacity stays the scaling policies'."})
public final class ScaleCommand extends VerbCommand {
  @Option(names = "--min", paramLabel = "N", description = "Fewest web instances, at least 2 (alone: the deployed maximum stays).")
  String min;

  @Option(names = "--max", paramLabel = "M", description = "Most web instances, greater than the minimum (alone: the deployed minimum stays).")
  String max;

  @Option(names = "--method", paramLabel = "METHOD", defaultValue = "change-set", converter = Method.Converter.class,
      description = "change-set (default) or direct (UpdateStack; for emulators whose change sets are incomplete).")
  Method method;

  @Mixin
  WaitTimeout waitTimeout;

  @Override
  public Integer call() {
    Optional<Scaling.Sizes> sizes = Optional.empty();
    if (min != null && max != null) {
      int[] both = WebScaling.sizes("--min", min, "--max", max);
      sizes = Optional.of(new Scaling.Sizes(OptionalInt.of(both[0]), OptionalInt.of(both[1])));
    } else if (min != null || max != null) {
      sizes = Optional.of(new Scaling.Sizes(
          min == null ? OptionalInt.empty() : OptionalInt.of(WebScaling.minimum("--min", min)),
          max == null ? OptionalInt.empty() : OptionalInt.of(WebScaling.maximum("--max", max))));
    }
    var wait = waitTimeout.get();
    try (Session session = openSession()) {
      Console c = session.console();
      if (sizes.isPresent()) c.requireAnswerable("the size change");
      CloudFormationGateway cfn = session.cloudFormation();
      StackDeployer deployer = new StackDeployer(cfn, session.watcher(), session.progress(), c, method,
          session.host().pollInterval(), wait, session.host().inFlight());
      Scaling scaling = new Scaling(cfn, session.autoScaling(), spec -> deployer.execute(deployer.prepare(spec, false)),
          templates(session), c::println, session.env(), session::hint);
      ScaleReport report = sizes.isPresent() ? scaling.resize(sizes.get()) : scaling.show();
      c.print(report);
      return ExitCode.OK;
    }
  }

  /** The artifacts bucket of the deployed environment, for a web template over the inline limit. */
  private static TemplateStore templates(Session session) {
    return new TemplateStore(session.artifacts(), () -> {
      String bucket = WebTier.stack(session.cloudFormation(), session.env(), StackPart.ARTIFACTS, session.hint("deploy"))
          .outputs().get("BucketName");
      if (bucket == null || bucket.isBlank()) {
        throw new UserException(ExitCode.PRECONDITION, StackPart.ARTIFACTS.stackName(session.env())
            + " has no output BucketName: run " + session.hint("deploy") + " first");
      }
      return bucket;
    });
  }
}
