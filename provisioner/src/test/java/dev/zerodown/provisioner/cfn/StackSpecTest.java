package dev.zerodown.provisioner.cfn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which parameters an operation passes: set, kept (UsePreviousValue) or the template's default. */
class StackSpecTest {
  private static StackSpec spec() {
    Map<String, Optional<String>> declared = new LinkedHashMap<>();
    declared.put("CacheNodeType", Optional.of("cache.t3.micro"));
    declared.put("EngineVersion", Optional.of("7.1"));
    declared.put("SnapshotOnDelete", Optional.of("false"));
    declared.put("ParentNetworkStack", Optional.empty());
    return new StackSpec("zerodown-dev-database", Template.inline("Resources: {}"),
        Map.of("CacheNodeType", "cache.t3.small", "ParentNetworkStack", "zerodown-dev-network"), Map.of(), 1, Map.of(),
        declared, List.of("ReplicationGroup"), true);
  }

  @Test
  void an_update_keeps_every_deployed_parameter_the_spec_does_not_set_and_the_template_still_declares() {
    StackSpec.ParameterPlan plan = spec().plan(Map.of("CacheNodeType", "cache.t3.micro", "EngineVersion", "7.2",
        "SnapshotOnDelete", "true", "ParentNetworkStack", "zerodown-dev-network", "Dropped", "x"));
    assertThat(plan.values()).containsOnlyKeys("CacheNodeType", "ParentNetworkStack");
    assertThat(plan.kept()).containsExactlyInAnyOrderEntriesOf(Map.of("EngineVersion", "7.2", "SnapshotOnDelete", "true"));
    assertThat(plan.keptLine()).isEqualTo("EngineVersion=7.2, SnapshotOnDelete=true");
  }

  @Test
  void a_create_passes_every_declared_default_explicitly_and_keeps_nothing() {
    StackSpec.ParameterPlan plan = spec().plan(Map.of());
    assertThat(plan.kept()).isEmpty();
    assertThat(plan.values()).containsEntry("EngineVersion", "7.1").containsEntry("SnapshotOnDelete", "false")
        .containsEntry("CacheNodeType", "cache.t3.small");
  }

  @Test
  void the_stack_policy_denies_replace_and_delete_on_the_stateful_resources_only() {
    assertThat(spec().policy()).isEqualTo("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"Update:*\",\"Principal\":\"*\","
        + "\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Action\":[\"Update:Replace\",\"Update:Delete\"],\"Principal\":\"*\","
        + "\"Resource\":[\"LogicalResourceId/ReplicationGroup\"]}]}");
    assertThat(StatefulResources.lost(new ResourceChange("Remove", "Bucket", "AWS::S3::Bucket", null, List.of()))).isTrue();
    assertThat(StatefulResources.lost(new ResourceChange("Modify", "Vpc", "AWS::EC2::VPC", "True", List.of()))).isTrue();
    assertThat(StatefulResources.lost(new ResourceChange("Modify", "Vpc", "AWS::EC2::VPC", "False", List.of()))).isFalse();
    assertThat(StatefulResources.lost(new ResourceChange("Remove", "Alarm", "AWS::CloudWatch::Alarm", null, List.of()))).isFalse();
  }

  @Test
  void each_failed_state_names_the_command_that_gets_out_of_it() {
    assertThat(StackDeployer.wayOut("s", "UPDATE_ROLLBACK_FAILED", v -> "zd " + v))
        .isEqualTo("run zd continue-rollback (add --skip ID for a resource that cannot be rolled back)");
    assertThat(StackDeployer.wayOut("s", "UPDATE_FAILED", v -> "zd " + v))
        .isEqualTo("run zd continue-rollback to roll it back to its last stable state");
    assertThat(StackDeployer.wayOut("s", "CREATE_FAILED", v -> "zd " + v))
        .isEqualTo("run zd continue-rollback to roll it back to its last stable state");
    assertThat(StackDeployer.wayOut("s", "DELETE_FAILED", v -> "zd " + v))
        .isEqualTo("delete it with zd destroy (or `aws cloudformation delete-stack --stack-name s`)");
  }
}
