package dev.zerodown.provisioner.fleet;

import dev.zerodown.provisioner.cfn.StackInfo;
import dev.zerodown.provisioner.cli.ExitCode;
import dev.zerodown.provisioner.cli.Session;
import dev.zerodown.provisioner.cli.UserException;
import dev.zerodown.provisioner.render.StackPart;
import java.util.Map;

/**
 * The deployed web tier's names, read from the stacks' outputs: the load balancer URL and target group
 * (network), the Auto Scaling group (web), the artifacts bucket (artifacts).
 */
public record WebTier(String env, Map<String, String> network, StackInfo web) {

  /** Reads the network and web stacks; a one-line error saying what to deploy when either is missing. */
  public static WebTier read(Session session) {
    String env = session.env();
    Map<String, String> network = stack(session, StackPart.NETWORK).outputs();
    return new WebTier(env, network, stack(session, StackPart.WEB));
  }

  /** The stack, or a one-line error saying it is not deployed. */
  public static StackInfo stack(Session session, StackPart part) {
    String name = part.stackName(session.env());
    return session.cloudFormation().describe(name).orElseThrow(() -> new UserException(ExitCode.PRECONDITION,
        name + " is not deployed: run " + session.hint("deploy") + " first"));
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

  public Fleet fleet(Session session) {
    return new Fleet(session.autoScaling(), session.loadBalancing(), autoScalingGroupName(), targetGroupArn());
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
