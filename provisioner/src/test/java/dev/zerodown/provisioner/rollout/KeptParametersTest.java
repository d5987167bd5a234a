package dev.zerodown.provisioner.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KeptParametersTest {
  private static final String TEMPLATE = String.join("\n",
      "Parameters:",
      "  ImageId: {Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>', Default: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64}",
      "  ArtifactSha256: {Type: String}",
      "  KeyName: {Type: String, Default: ''}",
      "Resources: {}", "");

  @Test
  void every_parameter_is_kept_as_deployed() {
    Map<String, String> kept = Rollout.keptParameters(Map.of("ImageId", "/my/ami/parameter", "ArtifactSha256", "abc",
        "KeyName", "me"), TEMPLATE);
    assertThat(kept).isEqualTo(Map.of("ImageId", "/my/ami/parameter", "ArtifactSha256", "abc", "KeyName", "me"));
  }

  @Test
  void an_ssm_parameter_reported_as_its_resolved_ami_id_goes_back_as_the_parameter_name() {
    Map<String, String> kept = Rollout.keptParameters(Map.of("ImageId", "ami-0e96f8459c59b3ff6", "ArtifactSha256", "abc"),
        TEMPLATE);
    assertThat(kept).containsEntry("ImageId", "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")
        .containsEntry("ArtifactSha256", "abc");
  }

  @Test
  void a_pinned_ami_id_parameter_is_kept_as_deployed_so_a_rollout_never_changes_the_os() {
    String template = String.join("\n", "Parameters:", "  ImageId: {Type: 'AWS::EC2::Image::Id'}",
        "  ArtifactSha256: {Type: String}", "Resources: {}", "");
    assertThat(Rollout.keptParameters(Map.of("ImageId", "ami-0e96f8459c59b3ff6", "ArtifactSha256", "abc"), template))
        .containsEntry("ImageId", "ami-0e96f8459c59b3ff6");
  }
}
