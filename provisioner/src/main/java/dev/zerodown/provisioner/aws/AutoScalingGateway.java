package dev.zerodown.provisioner.aws;

import java.time.Instant;
import java.util.ArrayList;
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

  /** The names of the groups with these names that exist. */
  public List<String> groupsNamed(List<String> names) {
    return autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames(names)).autoScalingGroups().stream()
        .map(g -> g.autoScalingGroupName()).toList();
  }

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
   * A scaling policy of a group: name, type, and for target tracking the metric (a predefined type, or
   * "custom"), its target value and resource label (null when there is none).
   */
  public record Policy(String name, String type, String metric, Double target, String resourceLabel, boolean enabled) {}

  /** The group's scaling policies (DescribePolicies, every page), in the order Auto Scaling lists them. */
  public List<Policy> policies(String group) {
    List<Policy> out = new ArrayList<>();
    autoScaling.describePoliciesPaginator(b -> b.autoScalingGroupName(group)).scalingPolicies().forEach(p -> {
      var t = p.targetTrackingConfiguration();
      String metric = t == null ? null : t.predefinedMetricSpecification() != null
          ? t.predefinedMetricSpecification().predefinedMetricTypeAsString() : "custom";
      String label = t == null || t.predefinedMetricSpecification() == null ? null
          : t.predefinedMetricSpecification().resourceLabel();
      out.add(new Policy(p.policyName(), p.policyType(), metric, t == null ? null : t.targetValue(), label,
          !Boolean.FALSE.equals(p.enabled())));
    });
    return out;
  }

  /** One scaling activity: when it started and ended (null while in progress), its status, what it did and why. */
  public record Activity(Instant start, Instant end, String status, String description, String cause) {}

  /** The group's latest scaling activities, newest first (DescribeScalingActivities, one page of {@code max}). */
  public List<Activity> activities(String group, int max) {
    return autoScaling.describeScalingActivities(b -> b.autoScalingGroupName(group).maxRecords(max)).activities().stream()
        .map(a -> new Activity(a.startTime(), a.endTime(), a.statusCodeAsString(), a.description(), a.cause()))
        .limit(max).toList();
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
