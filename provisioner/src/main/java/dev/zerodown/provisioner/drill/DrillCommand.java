package dev.zerodown.provisioner.drill;

import dev.zerodown.provisioner.cli.ProbeOptions;
import dev.zerodown.provisioner.cli.Session;
import dev.zerodown.provisioner.cli.VerbCommand;
import dev.zerodown.provisioner.cli.Version;
import dev.zerodown.provisioner.console.Console;
import dev.zerodown.provisioner.environment.DeployedRedis;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import dev.zerodown.provisioner.fleet.WebTier;
import dev.zerodown.provisioner.probe.DurationConverter;
import dev.zerodown.provisioner.probe.Prober;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** drill: takes one web instance out the hard way while probing, and measures what users would have seen. */
@Command(name = "drill", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
    defaultValueProvider = ProbeOptions.Defaults.class,
    description = {"Probes the hello page continuously, takes one serving web instance out (--mode terminate: "
        + "TerminateInstanceInAutoScalingGroup keeping the desired capacity; --mode stop-agent: SSM "
        + "`systemctl stop zerodown-agent`, needs SsmAccess=true), then reports the failed requests, the window "
        + "they fell in relative to the kill, and the time until a replacement was InService and healthy. "
        + "--mode redis-failover: ElastiCache TestFailover on the environment's replication group, then the 503 "
        + "window, the time until hello.py was served again, and the counter values served twice. "
        + "Asks for confirmation unless --yes."})
public final class DrillCommand extends VerbCommand {
  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "terminate",
      description = "terminate, stop-agent or redis-failover (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = "--instance", paramLabel = "ID", description = "The instance to take out (default: the first serving one).")
  String instance;

  @Mixin
  ProbeOptions probe;

  @Option(names = "--baseline", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
      description = "Probing before the kill (default: ${DEFAULT-VALUE}).")
  Duration baseline;

  @Option(names = "--settle", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
      description = "Probing after the replacement is healthy, or after the Redis failover is over (default: ${DEFAULT-VALUE}).")
  Duration settle;

  @Option(names = "--max-failed", paramLabel = "N", defaultValue = "-1",
      description = "Exit with code 10 when more requests fail (default: report only).")
  int maxFailed;

  @Override
  public Integer call() throws InterruptedException {
    DrillMode m = DrillMode.parse(mode);
    if (m == DrillMode.REDIS_FAILOVER && instance != null) {
      throw UserException.usage("--instance applies to --mode terminate and stop-agent, not redis-failover");
    }
    Drill.Timing timing;
    try {
      timing = new Drill.Timing(probe.interval(), probe.requestTimeout(), baseline, host().pollInterval(), settle,
          probe.timeout());
    } catch (IllegalArgumentException e) {
      throw UserException.usage(e.getMessage());
    }
    try (Session session = openSession()) {
      Console c = session.console();
      WebTier tier = WebTier.read(session.cloudFormation(), session.env(), session.hint("deploy"));
      URI target = probe.target(tier.loadBalancerUrl());
      if (m == DrillMode.REDIS_FAILOVER) return redisFailover(session, tier, target, timing);
      Takedown takedown = m == DrillMode.TERMINATE ? new Takedown.Terminate(session.autoScaling())
          : new Takedown.StopAgent(session.ssm());
      Drill drill = new Drill(tier.fleet(session.autoScaling(), session.loadBalancing()), takedown,
          new Prober(target, probe.requestTimeout()), timing, c::println);
      Drill.Plan plan = drill.plan(Optional.ofNullable(instance));
      if (!c.confirm("Drill on " + session.env() + ": " + drill.describe(plan) + ". Continue?")) {
        throw new UserException(ExitCode.NOT_CONFIRMED, "not confirmed: nothing was done");
      }
      DrillReport report = drill.run(plan, maxFailed);
      c.print(report);
      return report.recovered() && !report.tooManyFailures() ? ExitCode.OK : ExitCode.DRILL_FAILED;
    }
  }

  /**
   * ElastiCache TestFailover on the database stack's replication group; refused (exit 2) before any ElastiCache call
   * when the environment has no such group to fail over (--redis-endpoint, --single-redis-node).
   */
  private int redisFailover(Session session, WebTier tier, URI target, Drill.Timing timing) throws InterruptedException {
    Console c = session.console();
    String group = DeployedRedis.read(session.cloudFormation(), session.env(), tier.web()).failoverTarget(session.env());
    RedisFailover drill = new RedisFailover(session.elastiCache(), new Prober(target, probe.requestTimeout()), timing,
        c::println, host().awsPatience());
    RedisFailover.Plan plan = drill.plan(group);
    if (!c.confirm("Drill on " + session.env() + ": " + drill.describe(plan) + ". Continue?")) {
      throw new UserException(ExitCode.NOT_CONFIRMED, "not confirmed: nothing was done");
    }
    RedisFailoverReport report = drill.run(plan, maxFailed);
    c.print(report);
    return report.recovered() && !report.tooManyFailures() ? ExitCode.OK : ExitCode.DRILL_FAILED;
  }
}
