package dev.zerodown.provisioner.aws;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/** Owns the SSM client: reads public parameters such as the latest AMI id. */
public final class SsmGateway {
  private final SsmClient ssm;

  public SsmGateway(SsmClient ssm) {
    this.ssm = ssm;
  }

  public Optional<String> parameter(String name) {
    try {
      return Optional.ofNullable(ssm.getParameter(b -> b.name(name)).parameter().value());
    } catch (ParameterNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Runs one shell command on one managed instance (AWS-RunShellScript); returns the command id. */
  public String runShellCommand(String instanceId, String comment, String command) {
    return ssm.sendCommand(b -> b.documentName("AWS-RunShellScript").instanceIds(instanceId).comment(comment)
        .parameters(Map.of("commands", List.of(command)))).command().commandId();
  }
}
