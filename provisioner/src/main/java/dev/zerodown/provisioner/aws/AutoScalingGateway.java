package dev.zerodown.provisioner.aws;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

/** Owns the Auto Scaling client: a group's size and instances. */
public final class AutoScalingGateway {
  private final AutoScalingClient autoScaling;

  public AutoScalingGateway(AutoScalingClient autoScaling) {
    this.autoScaling = autoScaling;
  }

  /** One instance of a group: lifecycle state, ASG health, and the launch template version it came from. */
  public record Member(String instanceId, String zone, String lifecycle, String health, String launchTemplateId,
      String launchTemplateVersion) {}

  /** A group's sizes and members. */
  public record Group(String name, int min, int max, int desired, List<Member> members) {}

  public Optional<Group> group(String name) {
    return autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames(name)).autoScalingGroups().stream()
        .findFirst()
        .map(g -> new Group(g.autoScalingGroupName(), g.minSize(), g.maxSize(), g.desiredCapacity(),
            g.instances().stream().map(i -> new Member(i.instanceId(), i.availabilityZone(), i.lifecycleStateAsString(),
                i.healthStatus(),
                i.launchTemplate() == null ? null : i.launchTemplate().launchTemplateId(),
                i.launchTemplate() == null ? null : i.launchTemplate().version())).toList()));
  }

  /**
   * Terminates one instance of its group without lowering the desired capacity, so the group launches a
   * replacement; returns the scaling activity's id.
   */
  public String terminateKeepingCapacity(String instanceId) {
    var activity = autoScaling.terminateInstanceInAutoScalingGroup(b -> b.instanceId(instanceId)
        .shouldDecrementDesiredCapacity(false)).activity();
    return activity == null ? "" : activity.activityId();
  }
}
