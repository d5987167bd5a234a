package dev.zerodown.provisioner.cfn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TemplateTest {
  @Test
  void resource_count_is_the_number_of_keys_under_resources() {
    String t = "Parameters:\n  A:\n    Type: String\nResources:\n  # comment\n  Vpc:\n    Type: 'AWS::EC2::VPC'\n"
        + "    Properties:\n      CidrBlock: 10.0.0.0/16\n  Igw:\n    Type: 'AWS::EC2::InternetGateway'\nOutputs:\n  X:\n    Value: 1\n";
    assertThat(Template.resourceCount(t)).isEqualTo(2);
  }
}
