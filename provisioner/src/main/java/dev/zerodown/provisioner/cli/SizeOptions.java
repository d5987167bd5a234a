package dev.zerodown.provisioner.cli;

import dev.zerodown.provisioner.environment.WebScaling;
import dev.zerodown.provisioner.error.UserException;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** What the tiers run on and how far the web group scales (deploy, plan and synth). */
public final class SizeOptions {
  private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");

  @Option(names = "--web-instance-type", paramLabel = "TYPE", defaultValue = "t3.micro",
      description = "Web instance type (default: ${DEFAULT-VALUE}).")
  String webInstanceType;

  @Option(names = "--bastion-instance-type", paramLabel = "TYPE", defaultValue = "t3.micro",
      description = "Bastion instance type (default: ${DEFAULT-VALUE}).")
  String bastionInstanceType;

  @Option(names = "--cache-node-type", paramLabel = "TYPE", defaultValue = "cache.t3.micro",
      description = "ElastiCache node type (default: ${DEFAULT-VALUE}).")
  String cacheNodeType;

  @Option(names = "--web-min-size", paramLabel = "N",
      description = "Fewest web instances, at least 2 (default: 2 on a first deploy, then the deployed size: see scale).")
  String webMinSize;

  @Option(names = "--web-max-size", paramLabel = "N",
      description = "Most web instances the scaling policies may run, above --web-min-size (default: 4 on a first deploy, then the deployed size).")
  String webMaxSize;

  @Option(names = "--target-requests-per-instance", paramLabel = "N",
      description = "Scale out above this many load balancer requests per instance per minute (default: 3000, i.e. 50/s; see docs/stacks.md).")
  String targetRequestsPerInstance;

  @Option(names = "--target-cpu", paramLabel = "PERCENT",
      description = "Scale out above this average CPU utilization of the web group (default: 60).")
  String targetCpu;

  /** The instance types checked, then the web group's sizes and targets; a usage error names the first bad one. */
  WebScaling validate() {
    type("--web-instance-type", webInstanceType, false);
    type("--bastion-instance-type", bastionInstanceType, false);
    type("--cache-node-type", cacheNodeType, true);
    return WebScaling.of(webMinSize, webMaxSize, targetRequestsPerInstance, targetCpu);
  }

  private static void type(String option, String value, boolean cache) {
    String bare = cache && value != null && value.startsWith("cache.") ? value.substring(6) : value;
    if (value == null || !INSTANCE_TYPE.matcher(bare).matches() || (cache != value.startsWith("cache."))) {
      throw UserException.usage(option + " must look like " + (cache ? "cache.t3.micro" : "t3.micro") + ": " + value);
    }
  }
}
