package dev.zerodown.provisioner.deploy;

import dev.zerodown.provisioner.aws.Ec2Gateway;
import dev.zerodown.provisioner.aws.QuotasGateway;
import dev.zerodown.provisioner.cfn.CloudFormationGateway;
import dev.zerodown.provisioner.cfn.StackInfo;
import dev.zerodown.provisioner.cfn.StackState;
import dev.zerodown.provisioner.cli.Session;
import dev.zerodown.provisioner.console.Console;
import dev.zerodown.provisioner.environment.AvailabilityZones;
import dev.zerodown.provisioner.environment.DeployInputs;
import dev.zerodown.provisioner.environment.ElasticIps;
import dev.zerodown.provisioner.environment.Images;
import dev.zerodown.provisioner.environment.Placement;
import dev.zerodown.provisioner.environment.StackPart;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * deploy's and plan's placement preflight, before anything is created: the three AZs (kept from the deployed network
 * stack, or chosen), each tier's AMI (kept, or resolved from the image parameter on a first deploy and with
 * --update-ami), the instance types against the AMIs' architecture, the Elastic IP quota, and the AZs an old Redis
 * group keeps.
 */
final class PlacementCheck {
  private final Session session;
  private final Console console;
  private final DeployInputs in;
  private final CloudFormationGateway cfn;
  private final Ec2Gateway ec2;
  private final String env;
  private final String region;

  PlacementCheck(Session session, DeployInputs in) {
    this.session = session;
    this.console = session.console();
    this.in = in;
    this.cfn = session.cloudFormation();
    this.ec2 = session.ec2();
    this.env = session.env();
    this.region = session.settings().region().id();
  }

  Placement run() {
    Optional<StackInfo> network = existing(StackPart.NETWORK);
    Optional<List<String>> webArch = ec2.instanceTypeArchitectures(in.webInstanceType());
    Optional<List<String>> bastionArch = ec2.instanceTypeArchitectures(in.bastionInstanceType());
    offered("--web-instance-type", in.webInstanceType(), webArch);
    offered("--bastion-instance-type", in.bastionInstanceType(), bastionArch);

    AvailabilityZones.Choice azs = AvailabilityZones.choose(region, ec2.zones(), ec2.zonesOffering(in.webInstanceType()),
        in.webInstanceType(), ec2.zonesOffering(in.bastionInstanceType()), in.bastionInstanceType(), in.azs(),
        network.map(this::deployedAzs), StackPart.NETWORK.stackName(env));
    console.println("AZs " + String.join(", ", azs.zones()) + " (" + azs.source() + ")");

    String webImage = image(StackPart.WEB, webArch);
    String bastionImage = image(StackPart.BASTION, bastionArch);
    architecture("--web-instance-type", in.webInstanceType(), webArch, webImage);
    architecture("--bastion-instance-type", in.bastionInstanceType(), bastionArch, bastionImage);
    elasticIps(network);
    return new Placement(azs.zones(), webImage, bastionImage, redisAzs(azs.zones()));
  }

  /** The stack if it exists in a state that has resources (not absent, not a failed first create). */
  private Optional<StackInfo> existing(StackPart part) {
    return cfn.describe(part.stackName(env)).filter(s -> s.state() != StackState.ABSENT
        && s.state() != StackState.REVIEW && s.state() != StackState.ROLLED_BACK_CREATE);
  }

  /**
   * The deployed network's AZs: its AvailabilityZone parameters, or for a stack deployed before them the AZs of its
   * exported ALB subnets (a, b, c order), which the old template placed with the same index as every other tier.
   */
  private List<String> deployedAzs(StackInfo network) {
    Map<String, String> p = network.parameters();
    if (p.containsKey("AvailabilityZoneA")) {
      return List.of(p.get("AvailabilityZoneA"), p.get("AvailabilityZoneB"), p.get("AvailabilityZoneC"));
    }
    String ids = network.outputs().getOrDefault("AlbSubnetIds", "");
    List<String> subnets = ids.isBlank() ? List.of() : List.of(ids.split(","));
    Map<String, String> zoneOf = ec2.subnetZones(subnets);
    List<String> zones = new ArrayList<>();
    for (String s : subnets) if (zoneOf.containsKey(s)) zones.add(zoneOf.get(s));
    if (zones.size() != AvailabilityZones.COUNT) {
      if (in.azs().isPresent()) return in.azs().get();
      throw new UserException(ExitCode.PRECONDITION, network.name() + " has no AZ parameters and its subnets' AZs "
          + "cannot be read (output AlbSubnetIds: '" + ids + "'): pass --azs with the AZs of its a, b and c subnets");
    }
    console.println(network.name() + " was deployed before its AZs were parameters: keeping its subnets' AZs");
    return zones;
  }

  private void offered(String option, String type, Optional<List<String>> arch) {
    if (arch.isPresent() && arch.get().isEmpty()) {
      throw new UserException(ExitCode.PRECONDITION, option + " " + type + " is not offered in " + region);
    }
  }

  /** The tier's AMI id: the deployed one, unless there is none or --update-ami asks for the parameter's current one. */
  private String image(StackPart tier, Optional<List<String>> arch) {
    String parameter = in.imageParameter().orElseGet(() -> Images.defaultParameter(arch));
    Optional<StackInfo> stack = existing(tier);
    Optional<String> kept = stack.map(s -> s.parameters().get("ImageId")).filter(v -> v != null && !v.isBlank())
        .flatMap(v -> Images.isParameterPath(v) ? cfn.resolvedParameter(stack.get().name(), "ImageId") : Optional.of(v));
    String label = tier.partName() + " AMI ";
    if (kept.isPresent() && !in.updateAmi()) {
      Optional<String> current = session.ssm().parameter(parameter);
      console.println(label + kept.get() + " (kept" + current.filter(c -> !c.equals(kept.get()))
          .map(c -> "; " + parameter + " now names " + c + ": --update-ami moves to it").orElse("") + ")");
      return kept.get();
    }
    String id = session.ssm().parameter(parameter).orElseThrow(() -> new UserException(ExitCode.PRECONDITION,
        "SSM parameter " + parameter + " does not exist in " + region
            + ": pass --image-parameter with a parameter that holds an AMI id"));
    console.println(label + id + " (from " + parameter
        + kept.map(k -> k.equals(id) ? ", unchanged" : ", was " + k).orElse("") + ")");
    return id;
  }

  private void architecture(String option, String type, Optional<List<String>> arch, String imageId) {
    Optional<String> imageArch = ec2.imageArchitecture(imageId);
    if (arch.isPresent() && imageArch.isPresent() && !arch.get().contains(imageArch.get())) {
      throw new UserException(ExitCode.PRECONDITION, option + " " + type + " runs " + String.join("/", arch.get())
          + " but its AMI " + imageId + " is " + imageArch.get() + ": pick a matching type, or --image-parameter"
          + " (with --update-ami for a deployed tier)");
    }
  }

  private void elasticIps(Optional<StackInfo> network) {
    Optional<Boolean> deployedSingleNat = network.map(s -> "true".equals(s.parameters().get("SingleNatGateway")));
    int needed = ElasticIps.needed(deployedSingleNat, in.singleNat(), existing(StackPart.BASTION).isPresent());
    if (needed == 0) return;
    int inUse = ec2.elasticIpsInUse();
    QuotasGateway.Answer quota = session.quotas().ec2Quota(QuotasGateway.ELASTIC_IPS);
    Optional<String> warning = ElasticIps.check(region, inUse, needed, quota.value(), quota.unknownBecause(),
        in.singleNat());
    if (warning.isPresent()) {
      console.warn(warning.get());
    } else {
      console.println("Elastic IPs: " + inUse + " in use + " + needed + " this deploy adds, quota "
          + quota.value().getAsInt());
    }
  }

  /**
   * The AZs the Redis group keeps: a group created by the template that set PreferredCacheClusterAZs from the AZ list
   * ([a, b] with a replica, [a] without) must keep that create-only value; a newer stack passes its deployed value;
   * a new group none.
   */
  private String redisAzs(List<String> azs) {
    if (!in.ownRedis()) return "";
    Optional<StackInfo> db = existing(StackPart.DATABASE);
    if (db.isEmpty()) return "";
    Map<String, String> p = db.get().parameters();
    if (p.containsKey("PreferredCacheClusterAZs")) return p.get("PreferredCacheClusterAZs");
    String kept = "true".equals(p.get("SingleNode")) ? azs.get(0) : azs.get(0) + "," + azs.get(1);
    console.println(db.get().name() + ": the Redis group was created with PreferredCacheClusterAZs " + kept
        + " (create-only): kept, so --single-redis-node stays an in-place update");
    return kept;
  }
}
