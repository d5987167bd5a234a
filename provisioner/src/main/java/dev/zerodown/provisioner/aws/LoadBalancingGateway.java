package dev.zerodown.provisioner.aws;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/** Owns the ELBv2 client: target health per instance. */
public final class LoadBalancingGateway {
  private final ElasticLoadBalancingV2Client elb;

  public LoadBalancingGateway(ElasticLoadBalancingV2Client elb) {
    this.elb = elb;
  }

  /** A target's health state (healthy, initial, unhealthy, draining, unused, unavailable) and reason. */
  public record TargetHealth(String state, String reason) {}

  /** Health of every registered target, keyed by instance id. */
  public Map<String, TargetHealth> targetHealth(String targetGroupArn) {
    Map<String, TargetHealth> health = new LinkedHashMap<>();
    elb.describeTargetHealth(b -> b.targetGroupArn(targetGroupArn)).targetHealthDescriptions().forEach(d ->
        health.put(d.target().id(), new TargetHealth(d.targetHealth().stateAsString(),
            d.targetHealth().description() != null ? d.targetHealth().description() : d.targetHealth().reasonAsString())));
    return health;
  }
}
