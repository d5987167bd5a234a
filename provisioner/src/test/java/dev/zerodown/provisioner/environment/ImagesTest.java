package dev.zerodown.provisioner.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImagesTest {
  @Test
  void the_default_image_parameter_is_al2023_for_the_instance_types_architecture() {
    assertThat(Images.defaultParameter(Optional.of(List.of("arm64"))))
        .isEqualTo("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64");
    assertThat(Images.defaultParameter(Optional.of(List.of("i386", "x86_64"))))
        .isEqualTo("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");
    assertThat(Images.defaultParameter(Optional.empty()))
        .isEqualTo("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");
  }

  @Test
  void a_deployed_value_starting_with_a_slash_is_the_ssm_path_of_an_older_stack() {
    assertThat(Images.isParameterPath("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")).isTrue();
    assertThat(Images.isParameterPath("ami-0e96f8459c59b3ff6")).isFalse();
  }
}
