package dev.zerodown.provisioner.fleet;

import dev.zerodown.provisioner.aws.AutoScalingGateway;
import dev.zerodown.provisioner.aws.LoadBalancingGateway.TargetHealth;
import dev.zerodown.provisioner.aws.LoadBalancingGateway;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Reads the web Auto Scaling group's instances and the target group's health into one {@link FleetSnapshot}. */
public final class Fleet {
  private final AutoScalingGateway autoScaling;
  private final LoadBalancingGateway loadBalancing;
  private final String groupName;
  private final String targetGroupArn;

  public Fleet(AutoScalingGateway autoScaling, LoadBalancingGateway loadBalancing, String groupName,
      String targetGroupArn) {
    this.autoScaling = Objects.requireNonNull(autoScaling, "autoScaling");
    this.loadBalancing = Objects.requireNonNull(loadBalancing, "loadBalancing");
    this.groupName = Objects.requireNonNull(groupName, "groupName");
    this.targetGroupArn = Objects.requireNonNull(targetGroupArn, "targetGroupArn");
  }

  public String groupName() {
    return groupName;
  }

  public FleetSnapshot snapshot() {
    AutoScalingGateway.Group group = autoScaling.group(groupName).orElseThrow(() -> new UserException(
        ExitCode.PRECONDITION, "Auto Scaling group " + groupName + " not found: deploy the web stack first"));
    Map<String, TargetHealth> targets = new LinkedHashMap<>(loadBalancing.targetHealth(targetGroupArn));
    List<Member> members = new ArrayList<>();
    for (AutoScalingGateway.Member i : group.members()) {
      members.add(member(i.instanceId(), i.lifecycle(), targets.remove(i.instanceId())));
    }
    targets.forEach((id, t) -> members.add(member(id, "Detached", t)));
    members.sort(Comparator.comparing(Member::instanceId));
    return new FleetSnapshot(members);
  }

  private static Member member(String id, String lifecycle, TargetHealth t) {
    if (t == null) return new Member(id, lifecycle, Member.ABSENT, null);
    return new Member(id, lifecycle, t.state(), t.reason());
  }
}
