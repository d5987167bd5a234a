package dev.zerodown.provisioner.aws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;

/** Owns the ELBv2 client: target health per instance. */
public final class LoadBalancingGateway {
  private final ElasticLoadBalancingV2Client elb;

  public LoadBalancingGateway(ElasticLoadBalancingV2Client elb) {
    this.elb = elb;
  }

  /** A target's health state (healthy, initial, unhealthy, draining, unused, unavailable) and reason. */
  public record TargetHealth(String state, String reason) {}

  /** The ARNs of the load balancers with these names that exist (names not found are left out). */
  public List<String> loadBalancersNamed(List<String> names) {
    List<String> found = new ArrayList<>();
    for (String name : names) {
      try {
        elb.describeLoadBalancers(b -> b.names(name)).loadBalancers().forEach(l -> found.add(l.loadBalancerName()));
      } catch (LoadBalancerNotFoundException absent) {
        // not there
      }
    }
    return found;
  }

  /** The names of the target groups with these names that exist. */
  public List<String> targetGroupsNamed(List<String> names) {
    List<String> found = new ArrayList<>();
    for (String name : names) {
      try {
        elb.describeTargetGroups(b -> b.names(name)).targetGroups().forEach(t -> found.add(t.targetGroupName()));
      } catch (TargetGroupNotFoundException absent) {
        // not there
      }
    }
    return found;
  }

  /** Health of every registered target, keyed by instance id. */
  public Map<String, TargetHealth> targetHealth(String targetGroupArn) {
    Map<String, TargetHealth> health = new LinkedHashMap<>();
    elb.describeTargetHealth(b -> b.targetGroupArn(targetGroupArn)).targetHealthDescriptions().forEach(d ->
        health.put(d.target().id(), new TargetHealth(d.targetHealth().stateAsString(),
            d.targetHealth().description() != null ? d.targetHealth().description() : d.targetHealth().reasonAsString())));
    return health;
  }
}
