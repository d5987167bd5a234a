package dev.zerodown.provisioner.drill;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** How the drill takes an instance out: terminate it through its group, or stop its agent through SSM. */
public sealed interface Takedown {
  /** The systemd unit {@code userdata/web.sh} installs for the agent. */
  String AGENT_UNIT = "zerodown-agent";

  /** One line saying what {@link #execute} will do to the instance, for the confirmation prompt. */
  String describe(String instanceId);

  /** Does it; returns the AWS id of what was started (scaling activity, SSM command). */
  String execute(String instanceId);

  /** {@code terminate} or {@code stop-agent}, or a one-line error naming the valid modes. */
  static String requireMode(String mode) {
    String m = mode == null ? "" : mode.toLowerCase(Locale.ROOT);
    if (!m.equals("terminate") && !m.equals("stop-agent")) {
      throw new IllegalArgumentException("--mode must be terminate or stop-agent: " + mode);
    }
    return m;
  }

  /** TerminateInstanceInAutoScalingGroup without decrementing the desired capacity: the group must replace it. */
  record Terminate(AutoScalingClient autoScaling) implements Takedown {
    public Terminate {
      Objects.requireNonNull(autoScaling, "autoScaling");
    }

    @Override
    public String describe(String instanceId) {
      return "terminate " + instanceId + " (the group keeps its desired capacity and launches a replacement)";
    }

    @Override
    public String execute(String instanceId) {
      var activity = autoScaling.terminateInstanceInAutoScalingGroup(r -> r.instanceId(instanceId)
          .shouldDecrementDesiredCapacity(false)).activity();
      return activity == null ? "" : activity.activityId();
    }
  }

  /** SSM SendCommand {@code systemctl stop zerodown-agent}: the instance stays up, its agent goes away. */
  record StopAgent(SsmClient ssm) implements Takedown {
    public StopAgent {
      Objects.requireNonNull(ssm, "ssm");
    }

    @Override
    public String describe(String instanceId) {
      return "stop the agent on " + instanceId + " through SSM (systemctl stop " + AGENT_UNIT
          + "); the target group marks it unhealthy and the group replaces it";
    }

    @Override
    public String execute(String instanceId) {
      return ssm.sendCommand(r -> r.documentName("AWS-RunShellScript").instanceIds(instanceId)
          .comment("zerodown drill: stop the agent")
          .parameters(Map.of("commands", List.of("systemctl stop " + AGENT_UNIT)))).command().commandId();
    }
  }
}
