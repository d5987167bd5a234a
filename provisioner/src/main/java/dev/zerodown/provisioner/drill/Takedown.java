package dev.zerodown.provisioner.drill;

import dev.zerodown.provisioner.aws.AutoScalingGateway;
import dev.zerodown.provisioner.aws.SsmGateway;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.util.Objects;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceIdException;

/** How the drill takes an instance out: terminate it through its group, or stop its agent through SSM. */
public sealed interface Takedown {
  /** The systemd unit {@code userdata/web.sh} installs for the agent. */
  String AGENT_UNIT = "zerodown-agent";

  /** The drill mode this takedown is, named in the report (the interface is sealed: these two are all). */
  default DrillMode mode() {
    return this instanceof StopAgent ? DrillMode.STOP_AGENT : DrillMode.TERMINATE;
  }

  /** One line saying what {@link #execute} will do to the instance, for the confirmation prompt. */
  String describe(String instanceId);

  /** Does it; returns the AWS id of what was started (scaling activity, SSM command). */
  String execute(String instanceId);

  /** TerminateInstanceInAutoScalingGroup without decrementing the desired capacity: the group must replace it. */
  record Terminate(AutoScalingGateway autoScaling) implements Takedown {
    public Terminate {
      Objects.requireNonNull(autoScaling, "autoScaling");
    }

    @Override
    public String describe(String instanceId) {
      return "terminate " + instanceId + " (the group keeps its desired capacity and launches a replacement)";
    }

    @Override
    public String execute(String instanceId) {
      return autoScaling.terminateKeepingCapacity(instanceId);
    }
  }

  /** SSM SendCommand {@code systemctl stop zerodown-agent}: the instance stays up, its agent goes away. */
  record StopAgent(SsmGateway ssm) implements Takedown {
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
      try {
        return ssm.runShellCommand(instanceId, "zerodown drill: stop the agent", "systemctl stop " + AGENT_UNIT);
      } catch (InvalidInstanceIdException e) {
        throw new UserException(ExitCode.PRECONDITION, instanceId + " is not managed by SSM, so its agent cannot be "
            + "stopped remotely: deploy with --ssm-access, or use --mode terminate");
      }
    }
  }
}
