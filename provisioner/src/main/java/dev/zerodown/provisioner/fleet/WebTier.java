package dev.zerodown.provisioner.fleet;

import dev.zerodown.provisioner.aws.AutoScalingGateway;
import dev.zerodown.provisioner.aws.LoadBalancingGateway;
import dev.zerodown.provisioner.cfn.CloudFormationGateway;
import dev.zerodown.provisioner.cfn.StackInfo;
import dev.zerodown.provisioner.environment.StackPart;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.util.Map;

/**
 * The deployed web tier's names, read from the stacks' outputs: the load balancer URL and target group
 * (network), the Auto Scaling group (web), the artifacts bucket (artifacts).
 */
public record WebTier(String env, Map<String, String> network, StackInfo web) {

  /**
   * Reads the network and web stacks; a one-line error saying what to deploy when either is missing
   * ({@code deployHint}: the deploy command line for this environment).
   */
  public static WebTier read(CloudFormationGateway cfn, String env, String deployHint) {
    Map<String, String> network = stack(cfn, env, StackPart.NETWORK, deployHint).outputs();
    return new WebTier(env, network, stack(cfn, env, StackPart.WEB, deployHint));
  }

  /** The stack, or a one-line error saying it is not deployed. */
  public static StackInfo stack(CloudFormationGateway cfn, String env, StackPart part, String deployHint) {
    String name = part.stackName(env);
    return cfn.describe(name).orElseThrow(() -> new UserException(ExitCode.PRECONDITION,
        name + " is not deployed: run " + deployHint + " first"));
  }

  public String loadBalancerUrl() {
    return output(network, StackPart.NETWORK, "LoadBalancerUrl");
  }

  public String targetGroupArn() {
    return output(network, StackPart.NETWORK, "TargetGroupArn");
  }

  public String autoScalingGroupName() {
    return output(web.outputs(), StackPart.WEB, "AutoScalingGroupName");
  }

  public Fleet fleet(AutoScalingGateway autoScaling, LoadBalancingGateway loadBalancing) {
    return new Fleet(autoScaling, loadBalancing, autoScalingGroupName(), targetGroupArn());
  }

  private String output(Map<String, String> outputs, StackPart part, String key) {
    String value = outputs.get(key);
    if (value == null || value.isBlank()) {
      throw new UserException(ExitCode.PRECONDITION, part.stackName(env) + " has no output " + key
          + ": its deployment is incomplete; run deploy again");
    }
    return value;
  }
}
