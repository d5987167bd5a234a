package dev.zerodown.provisioner.destroy;

import dev.zerodown.provisioner.aws.AutoScalingGateway;
import dev.zerodown.provisioner.aws.Ec2Gateway;
import dev.zerodown.provisioner.aws.LoadBalancingGateway;
import dev.zerodown.provisioner.environment.StackPart;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The environment's named resources still there once its stacks are deleted or failed: the load balancer and target
 * group (their names are fixed, so the next deploy fails on them), the Auto Scaling groups, and the VPCs CloudFormation
 * tagged with the network stack's name. An emulator such as moto keeps them after a failed stack deletion. Each
 * lookup is best effort: one that fails (permissions) is skipped, with a note to {@code details} (--verbose).
 */
public record StrayResources(String env, LoadBalancingGateway loadBalancing, AutoScalingGateway autoScaling,
    Ec2Gateway ec2, Consumer<String> details) {
  /** One line per resource found ("target group tg-web-dev"), load balancing first, then groups, then VPCs. */
  public List<String> find() {
    List<String> found = new ArrayList<>();
    try {
      loadBalancing.loadBalancersNamed(List.of("alb-web-" + env)).forEach(n -> found.add("load balancer " + n));
      loadBalancing.targetGroupsNamed(List.of("tg-web-" + env)).forEach(n -> found.add("target group " + n));
    } catch (RuntimeException e) {
      details.accept("load balancer lookup skipped: " + Reasons.of(e));
    }
    try {
      autoScaling.groupsNamed(List.of("web-" + env, "bastion-" + env)).forEach(n -> found.add("Auto Scaling group " + n));
    } catch (RuntimeException e) {
      details.accept("Auto Scaling group lookup skipped: " + Reasons.of(e));
    }
    try {
      String network = StackPart.NETWORK.stackName(env);
      ec2.vpcsTagged("aws:cloudformation:stack-name", network)
          .forEach(id -> found.add("VPC " + id + " (made by " + network + ")"));
    } catch (RuntimeException e) {
      details.accept("VPC lookup skipped: " + Reasons.of(e));
    }
    return found;
  }
}
