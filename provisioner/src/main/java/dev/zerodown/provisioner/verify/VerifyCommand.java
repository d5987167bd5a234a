package dev.zerodown.provisioner.verify;

import dev.zerodown.provisioner.cli.Session;
import dev.zerodown.provisioner.cli.VerbCommand;
import dev.zerodown.provisioner.cli.Version;
import dev.zerodown.provisioner.console.Console;
import dev.zerodown.provisioner.console.Json;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import dev.zerodown.provisioner.fleet.WebTier;
import dev.zerodown.provisioner.probe.DurationConverter;
import dev.zerodown.provisioner.probe.Prober;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** verify: proves the load balancer spreads requests over at least two instances that share one counter. */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
    description = {"Sends N sequential requests to the hello page behind the load balancer (or --url) and checks "
        + "that at least two instances answered, no request failed, and the shared counter rose on every answer. "
        + "Reports the instances seen, the errors and the latency percentiles."})
public final class VerifyCommand extends VerbCommand {
  @Option(names = "--url", paramLabel = "URL",
      description = "Probe this URL (a bare host means its /cgi-bin/hello.py) instead of the load balancer URL "
          + "from the network stack; no AWS call is made.")
  String url;

  @Option(names = {"-n", "--requests"}, paramLabel = "N", defaultValue = "50",
      description = "Requests to send, one at a time (default: ${DEFAULT-VALUE}).")
  int requests;

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "100ms", converter = DurationConverter.class,
      description = "Time between the starts of two requests (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
      description = "Time budget for all requests (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--request-timeout", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
      description = "Time budget for one request (default: ${DEFAULT-VALUE}).")
  Duration requestTimeout;

  @Option(names = "--min-instances", paramLabel = "N", defaultValue = "2",
      description = "Distinct instances that must answer (default: ${DEFAULT-VALUE}).")
  int minInstances;

  @Override
  public Integer call() throws InterruptedException {
    Verification verification;
    try {
      verification = new Verification(requests, interval, timeout, requestTimeout, minInstances);
    } catch (IllegalArgumentException e) {
      throw UserException.usage(e.getMessage());
    }
    URI target;
    Console c;
    if (url != null) {
      target = Prober.target(url);
      c = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), host(), common.noColor(),
          common.verbose(), common.yes(), common.json());
    } else {
      try (Session session = openSession()) {
        c = session.console();
        target = Prober.target(WebTier.read(session.cloudFormation(), session.env(), session.hint("deploy")).loadBalancerUrl());
      }
    }
    VerifyResult result;
    try {
      result = verification.run(target);
    } catch (IllegalArgumentException e) {
      throw UserException.usage(e.getMessage());
    }
    if (c.json()) {
      c.result(Json.write(result.document()));
    } else {
      result.text().lines().forEach(c::println);
    }
    return result.passed() ? ExitCode.OK : ExitCode.VERIFY_FAILED;
  }
}
