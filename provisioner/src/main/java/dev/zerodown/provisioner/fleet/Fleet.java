package dev.zerodown.provisioner.fleet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/** Reads the web Auto Scaling group's instances and the target group's health into one {@link FleetSnapshot}. */
public final class Fleet {
  private final AutoScalingClient autoScaling;
  private final ElasticLoadBalancingV2Client elb;
  private final String groupName;
  private final String targetGroupArn;

  public Fleet(AutoScalingClient autoScaling, ElasticLoadBalancingV2Client elb, String groupName, String targetGroupArn) {
    this.autoScaling = Objects.requireNonNull(autoScaling, "autoScaling");
    this.elb = Objects.requireNonNull(elb, "elb");
    this.groupName = Objects.requireNonNull(groupName, "groupName");
    this.targetGroupArn = Objects.requireNonNull(targetGroupArn, "targetGroupArn");
  }

  public String groupName() {
    return groupName;
  }

  public FleetSnapshot snapshot() {
    List<AutoScalingGroup> groups = autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(groupName))
        .autoScalingGroups();
    if (groups.isEmpty()) throw new IllegalStateException("Auto Scaling group " + groupName + " not found");
    Map<String, TargetHealthDescription> targets = new LinkedHashMap<>();
    for (TargetHealthDescription d : elb.describeTargetHealth(r -> r.targetGroupArn(targetGroupArn))
        .targetHealthDescriptions()) {
      targets.put(d.target().id(), d);
    }
    List<Member> members = new ArrayList<>();
    for (Instance i : groups.get(0).instances()) {
      TargetHealthDescription d = targets.remove(i.instanceId());
      members.add(member(i.instanceId(), i.lifecycleStateAsString(), d));
    }
    for (TargetHealthDescription d : targets.values()) {
      members.add(member(d.target().id(), "Detached", d));
    }
    members.sort(java.util.Comparator.comparing(Member::instanceId));
    return new FleetSnapshot(members);
  }

  private static Member member(String id, String lifecycle, TargetHealthDescription d) {
    if (d == null || d.targetHealth() == null) return new Member(id, lifecycle, Member.ABSENT, null);
    return new Member(id, lifecycle, d.targetHealth().stateAsString(), d.targetHealth().reasonAsString());
  }
}
