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

  @Test
  void resources_are_listed_with_their_types_in_template_order() {
    String t = "Parameters:\n  A:\n    Type: String\nResources:\n  # comment\n  Vpc:\n    Type: 'AWS::EC2::VPC'\n"
        + "    Properties:\n      Tags:\n        - Key: Type\n          Value: x\n  Igw:\n    Condition: C\n"
        + "    Type: \"AWS::EC2::InternetGateway\"\nOutputs:\n  X:\n    Value: 1\n";
    assertThat(Template.resources(t)).containsExactly(
        new ResourceChange("Add", "Vpc", "AWS::EC2::VPC", null, java.util.List.of()),
        new ResourceChange("Add", "Igw", "AWS::EC2::InternetGateway", null, java.util.List.of()));
  }

  @Test
  void every_bundled_template_lists_as_many_resources_as_it_counts() {
    for (var part : dev.zerodown.provisioner.environment.StackPart.values()) {
      String body = dev.zerodown.provisioner.render.TemplateRenderer.fromClasspath().render(part);
      assertThat(Template.resources(body)).as(part.partName()).hasSize(Template.resourceCount(body))
          .allMatch(r -> r.resourceType() != null && r.resourceType().startsWith("AWS::"));
    }
  }
}
