package dev.zerodown.provisioner.templates;

import static dev.zerodown.provisioner.templates.Templates.list;
import static dev.zerodown.provisioner.templates.Templates.map;
import static dev.zerodown.provisioner.templates.Templates.props;
import static dev.zerodown.provisioner.templates.Templates.ref;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.environment.LogGroups;
import dev.zerodown.provisioner.environment.StackPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** web.yaml's CloudWatch Logs part read as data: the two log groups, their retention, the group's order, the role. */
class LogsTemplateTest {
  private final Map<String, Object> web = Templates.rendered(StackPart.WEB);

  @Test
  void the_web_stack_creates_the_agent_and_boot_log_groups_with_the_retention_parameter() {
    assertThat(Templates.ofType(web, "AWS::Logs::LogGroup")).containsOnlyKeys("AgentLogGroup", "BootLogGroup");
    for (String id : List.of("AgentLogGroup", "BootLogGroup")) {
      assertThat(map(web, "Resources", id)).as(id + ": destroy leaves no log group behind")
          .containsEntry("DeletionPolicy", "Delete").containsEntry("UpdateReplacePolicy", "Delete");
    }
    assertThat(props(web, "AgentLogGroup")).containsEntry("LogGroupName", Map.of("Fn::Sub", "/zerodown/${EnvironmentName}/agent"))
        .containsEntry("RetentionInDays", ref("LogRetentionDays"));
    assertThat(props(web, "BootLogGroup")).containsEntry("LogGroupName", Map.of("Fn::Sub", "/zerodown/${EnvironmentName}/boot"))
        .containsEntry("RetentionInDays", ref("LogRetentionDays"));
    Map<String, Object> retention = map(web, "Parameters", "LogRetentionDays");
    assertThat(retention).containsEntry("Type", "Number").containsEntry("Default", LogGroups.DEFAULT_RETENTION_DAYS);
    assertThat(retention.get("AllowedValues")).as("the values CloudWatch Logs allows, as deploy checks them")
        .isEqualTo(LogGroups.RETENTION_DAYS);
    assertThat(LogGroups.agent("dev")).isEqualTo("/zerodown/dev/agent");
    assertThat(LogGroups.boot("dev")).isEqualTo("/zerodown/dev/boot");
    assertThat(map(web, "Outputs", "AgentLogGroupName")).containsEntry("Value", ref("AgentLogGroup"));
    assertThat(map(web, "Outputs", "BootLogGroupName")).containsEntry("Value", ref("BootLogGroup"));
  }

  @Test
  void the_group_waits_for_both_log_groups_so_no_instance_ever_needs_to_create_one() {
    assertThat(map(web, "Resources", "AutoScalingGroup").get("DependsOn")).isEqualTo(List.of("AgentLogGroup", "BootLogGroup"));
  }

  @Test
  void the_role_may_write_streams_and_events_into_those_two_groups_only_and_never_create_a_group() {
    List<Map<String, Object>> statements = new ArrayList<>();
    for (Object o : list(map(map(list(props(web, "Role").get("Policies")).get(0)), "PolicyDocument").get("Statement"))) {
      Map<String, Object> st = map(o);
      statements.add(st.containsKey("Fn::If") ? map(list(st.get("Fn::If")).get(1)) : st);
    }
    List<String> logActions = new ArrayList<>();
    for (Map<String, Object> st : statements) {
      Object action = st.get("Action");
      for (Object a : action instanceof List<?> l ? l : List.of(action)) {
        if (String.valueOf(a).startsWith("logs:")) logActions.add((String) a);
      }
    }
    assertThat(logActions).containsExactlyInAnyOrder("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams")
        .doesNotContain("logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:*");
    Map<String, Object> ship = statements.stream().filter(s -> "ShipLogsToOwnGroupsOnly".equals(s.get("Sid"))).findFirst().orElseThrow();
    assertThat(ship).containsEntry("Effect", "Allow");
    assertThat(list(ship.get("Resource"))).containsExactly(
        Map.of("Fn::Sub", "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/zerodown/${EnvironmentName}/agent:*"),
        Map.of("Fn::Sub", "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/zerodown/${EnvironmentName}/boot:*"));
  }

  @Test
  void the_cloudwatch_agent_configuration_names_the_stack_groups_and_sets_no_retention_of_its_own() {
    String config = Templates.read(Templates.ROOT.resolve("userdata/cloudwatch-agent.json"));
    assertThat(config).contains("\"log_group_name\": \"/zerodown/@ENV_NAME@/agent\"", "\"log_group_name\": \"/zerodown/@ENV_NAME@/boot\"",
        "\"log_stream_name\": \"{instance_id}\"").doesNotContain("retention_in_days");
  }
}
