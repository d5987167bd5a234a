package dev.zerodown.provisioner.verify;

import dev.zerodown.provisioner.cli.ProbeOptions;
import dev.zerodown.provisioner.cli.Session;
import dev.zerodown.provisioner.cli.VerbCommand;
import dev.zerodown.provisioner.cli.Version;
import dev.zerodown.provisioner.console.Console;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import dev.zerodown.provisioner.fleet.WebTier;
import java.net.URI;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** verify: proves the load balancer spreads requests over at least two instances that share one counter. */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
    defaultValueProvider = ProbeOptions.Defaults.class,
    description = {"Sends N sequential requests to the hello page behind the load balancer (or --url) and checks "
        + "that at least two instances answered, no request failed, and the shared counter rose on every answer. "
        + "Reports the instances seen, the errors and the latency percentiles. With --url no AWS call is made."})
public final class VerifyCommand extends VerbCommand {
  @Mixin
  ProbeOptions probe;

  @Option(names = {"-n", "--requests"}, paramLabel = "N", defaultValue = "50",
      description = "Requests to send, one at a time (default: ${DEFAULT-VALUE}).")
  int requests;

  @Option(names = "--min-instances", paramLabel = "N", defaultValue = "2",
      description = "Distinct instances that must answer (default: ${DEFAULT-VALUE}).")
  int minInstances;

  @Override
  public Integer call() throws InterruptedException {
    Verification verification;
    try {
      verification = new Verification(requests, probe.interval(), probe.timeout(), probe.requestTimeout(), minInstances);
    } catch (IllegalArgumentException e) {
      throw UserException.usage(e.getMessage());
    }
    URI target;
    Console c;
    if (probe.hasUrl()) {
      target = probe.target(null);
      c = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), host(), common.noColor(),
          common.verbose(), common.yes(), common.json());
    } else {
      try (Session session = openSession()) {
        c = session.console();
        target = probe.target(WebTier.read(session.cloudFormation(), session.env(), session.hint("deploy")).loadBalancerUrl());
      }
    }
    VerifyResult result;
    try {
      result = verification.run(target);
    } catch (IllegalArgumentException e) {
      throw UserException.usage(e.getMessage());
    }
    c.print(result);
    return result.passed() ? ExitCode.OK : ExitCode.VERIFY_FAILED;
  }
}
