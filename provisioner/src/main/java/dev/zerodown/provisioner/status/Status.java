package dev.zerodown.provisioner.status;

import dev.zerodown.provisioner.aws.AutoScalingGateway;
import dev.zerodown.provisioner.aws.AutoScalingGateway.Activity;
import dev.zerodown.provisioner.aws.AutoScalingGateway.Group;
import dev.zerodown.provisioner.aws.AutoScalingGateway.Member;
import dev.zerodown.provisioner.aws.Ec2Gateway;
import dev.zerodown.provisioner.aws.LoadBalancingGateway;
import dev.zerodown.provisioner.aws.LoadBalancingGateway.TargetHealth;
import dev.zerodown.provisioner.aws.SsmGateway;
import dev.zerodown.provisioner.cfn.CloudFormationGateway;
import dev.zerodown.provisioner.cfn.StackInfo;
import dev.zerodown.provisioner.environment.Endpoints;
import dev.zerodown.provisioner.environment.Images;
import dev.zerodown.provisioner.environment.StackPart;
import dev.zerodown.provisioner.status.StatusReport.InstanceRow;
import dev.zerodown.provisioner.status.StatusReport.TierImage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads what status shows of one environment: every stack, the web and bastion groups with their instances (target
 * health, verdict, launched agent digest), the web group's latest scaling activities, each tier's pinned AMI against
 * its image parameter, and the endpoints. Only reads; {@link StatusReport} renders it.
 */
public final class Status {
  /** How many scaling activities status shows: the latest few beside everything else (scale shows 8, with the policies). */
  static final int ACTIVITIES = 5;

  private final String env;
  private final String region;
  private final CloudFormationGateway cfn;
  private final LoadBalancingGateway loadBalancing;
  private final AutoScalingGateway autoScaling;
  private final Ec2Gateway ec2;
  private final SsmGateway ssm;
  private final Optional<String> imageParameter;
  private final Consumer<String> details;

  /**
   * {@code imageParameter}: the SSM parameter to compare every tier's AMI with (else each tier's own, as deploy uses);
   * {@code details}: where what could not be read goes (verbose output), status showing the rest.
   */
  public Status(String env, String region, CloudFormationGateway cfn, LoadBalancingGateway loadBalancing,
      AutoScalingGateway autoScaling, Ec2Gateway ec2, SsmGateway ssm, Optional<String> imageParameter,
      Consumer<String> details) {
    this.env = Objects.requireNonNull(env, "env");
    this.region = Objects.requireNonNull(region, "region");
    this.cfn = Objects.requireNonNull(cfn, "cfn");
    this.loadBalancing = Objects.requireNonNull(loadBalancing, "loadBalancing");
    this.autoScaling = Objects.requireNonNull(autoScaling, "autoScaling");
    this.ec2 = Objects.requireNonNull(ec2, "ec2");
    this.ssm = Objects.requireNonNull(ssm, "ssm");
    this.imageParameter = Objects.requireNonNull(imageParameter, "imageParameter");
    this.details = Objects.requireNonNull(details, "details");
  }

  /** Every read, in this order: stacks, target health, groups, instances and launch templates, images, activities. */
  public StatusReport read() {
    Map<StackPart, Optional<StackInfo>> stacks = new EnumMap<>(StackPart.class);
    for (StackPart p : StackPart.values()) stacks.put(p, cfn.describe(p.stackName(env)));
    Map<StackPart, Map<String, String>> outputs = new EnumMap<>(StackPart.class);
    stacks.forEach((p, s) -> s.ifPresent(i -> outputs.put(p, i.outputs())));

    String tg = outputs.getOrDefault(StackPart.NETWORK, Map.of()).get("TargetGroupArn");
    Map<String, TargetHealth> targets = tg == null ? Map.of() : loadBalancing.targetHealth(tg);
    Optional<Group> web = group(outputs.getOrDefault(StackPart.WEB, Map.of()).get("AutoScalingGroupName"));
    Optional<Group> bastion = group(outputs.getOrDefault(StackPart.BASTION, Map.of()).get("AutoScalingGroupName"));
    List<InstanceRow> webRows = rows(web, targets);
    List<InstanceRow> bastionRows = rows(bastion, Map.of());
    Endpoints endpoints = Endpoints.from(env, region, outputs, ownRedis(stacks),
        webRows.stream().map(InstanceRow::privateIp).toList(), hasKey(stacks));
    List<TierImage> images = images(stacks);
    Optional<List<Activity>> activities = web.map(g -> activities(g.name()));
    return new StatusReport(env, region, stacks, web, webRows, bastion, bastionRows, targets, activities, images,
        endpoints);
  }

  /**
   * The Redis deploy was given with --redis-endpoint (no database stack): the web stack's RedisHost and RedisPort, as
   * deploy prints it.
   */
  static Optional<String> ownRedis(Map<StackPart, Optional<StackInfo>> stacks) {
    if (stacks.get(StackPart.DATABASE).isPresent()) return Optional.empty();
    return stacks.get(StackPart.WEB).map(StackInfo::parameters)
        .filter(p -> p.get("RedisHost") != null && !p.get("RedisHost").isBlank())
        .map(p -> p.get("RedisHost") + ":" + p.getOrDefault("RedisPort", "6379")
            + ("true".equals(p.get("RedisTls")) ? " (TLS)" : ""));
  }

  /** Whether the instances got a key pair: the bastion's (else the web tier's) KeyName parameter. */
  static boolean hasKey(Map<StackPart, Optional<StackInfo>> stacks) {
    return stacks.get(StackPart.BASTION).or(() -> stacks.get(StackPart.WEB)).map(StackInfo::parameters)
        .map(p -> p.get("KeyName") != null && !p.get("KeyName").isBlank()).orElse(false);
  }

  /** The web and bastion tiers' deployed AMI ids, each with what its image parameter names now. */
  private List<TierImage> images(Map<StackPart, Optional<StackInfo>> stacks) {
    List<TierImage> out = new ArrayList<>();
    for (StackPart tier : List.of(StackPart.WEB, StackPart.BASTION)) {
      Optional<StackInfo> s = stacks.get(tier);
      String deployed = s.map(i -> i.parameters().get("ImageId")).orElse(null);
      if (deployed == null || deployed.isBlank()) continue;
      String ami = Images.isParameterPath(deployed)
          ? cfn.resolvedParameter(s.get().name(), "ImageId").orElse(deployed) : deployed;
      String type = s.get().parameters().getOrDefault("InstanceType", "");
      String parameter = imageParameter.isPresent() ? imageParameter.get()
          : Images.isParameterPath(deployed) ? deployed
          : Images.defaultParameter(type.isEmpty() ? Optional.empty() : ec2.instanceTypeArchitectures(type));
      Optional<String> latest;
      try {
        latest = ssm.parameter(parameter);
      } catch (RuntimeException unreadable) {
        latest = Optional.empty();  // status still shows the rest (AccessDenied, an emulator without the parameter)
      }
      out.add(new TierImage(tier.partName(), ami, parameter, latest));
    }
    return out;
  }

  /** The web group's latest scaling activities; none when they cannot be read (status still shows the rest). */
  private List<Activity> activities(String group) {
    try {
      return autoScaling.activities(group, ACTIVITIES);
    } catch (RuntimeException unreadable) {
      details.accept("scaling activities of " + group + ": " + unreadable.getMessage());
      return List.of();
    }
  }

  private Optional<Group> group(String name) {
    return name == null ? Optional.empty() : autoScaling.group(name);
  }

  /** One row per member of the group, in the group's order; each launch template version is read once. */
  private List<InstanceRow> rows(Optional<Group> group, Map<String, TargetHealth> targets) {
    if (group.isEmpty()) return List.of();
    List<Member> members = group.get().members();
    var instances = ec2.instances(members.stream().map(Member::instanceId).toList());
    Map<String, String> digests = new LinkedHashMap<>();
    List<InstanceRow> rows = new ArrayList<>();
    for (Member m : members) {
      TargetHealth t = targets.get(m.instanceId());
      String digest = m.launchTemplateId() == null ? null
          : digests.computeIfAbsent(m.launchTemplateId() + ":" + m.launchTemplateVersion(), k -> LaunchedDigest.of(ec2, m));
      var instance = instances.get(m.instanceId());
      rows.add(new InstanceRow(m.instanceId(), m.zone(), m.lifecycle(), m.health(), t == null ? null : t.state(),
          Verdict.classify(m.lifecycle(), m.health(), t == null ? null : t.state()),
          instance == null ? null : instance.privateIp(), digest));
    }
    return rows;
  }
}
