package dev.zerodown.provisioner.templates;

import static dev.zerodown.provisioner.templates.Templates.list;
import static dev.zerodown.provisioner.templates.Templates.map;
import static dev.zerodown.provisioner.templates.Templates.props;
import static dev.zerodown.provisioner.templates.Templates.ref;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.environment.StackPart;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** web.yaml and bastion.yaml read as data: instances, the rollout, IAM, alarms, dashboard. */
class WebTemplateTest {
  private final Map<String, Object> web = Templates.rendered(StackPart.WEB);
  private final Map<String, Object> bastion = Templates.rendered(StackPart.BASTION);

  @Test
  void web_instances_require_imdsv2_have_an_encrypted_gp3_root_and_no_public_ip() {
    Map<String, Object> data = map(props(web, "LaunchTemplate"), "LaunchTemplateData");
    assertThat(map(data, "MetadataOptions")).containsEntry("HttpTokens", "required").containsEntry("HttpPutResponseHopLimit", 1);
    assertThat(map(list(data.get("NetworkInterfaces")).get(0))).containsEntry("AssociatePublicIpAddress", false);
    assertThat(map(map(list(data.get("BlockDeviceMappings")).get(0)), "Ebs")).containsEntry("Encrypted", true).containsEntry("VolumeType", "gp3");
    assertThat(data.get("ImageId")).isEqualTo(ref("ImageId"));
  }

  @Test
  void both_tiers_take_a_plain_ami_id_so_no_deploy_resolves_a_newer_image_on_its_own() {
    for (Map<String, Object> t : List.of(web, bastion)) {
      assertThat(map(t, "Parameters", "ImageId")).containsEntry("Type", "AWS::EC2::Image::Id").doesNotContainKey("Default");
      assertThat(map(props(t, "LaunchTemplate"), "LaunchTemplateData").get("ImageId")).isEqualTo(ref("ImageId"));
    }
  }

  @Test
  void bastion_requires_imdsv2_and_an_encrypted_root_and_runs_exactly_one_instance() {
    Map<String, Object> data = map(props(bastion, "LaunchTemplate"), "LaunchTemplateData");
    assertThat(map(data, "MetadataOptions")).containsEntry("HttpTokens", "required").containsEntry("HttpPutResponseHopLimit", 1);
    assertThat(map(map(list(data.get("BlockDeviceMappings")).get(0)), "Ebs")).containsEntry("Encrypted", true);
    assertThat(props(bastion, "AutoScalingGroup")).containsEntry("MinSize", "1").containsEntry("MaxSize", "1");
  }

  @Test
  void web_group_keeps_two_in_service_and_rolls_one_signalled_instance_at_a_time() {
    Map<String, Object> asg = map(web, "Resources", "AutoScalingGroup");
    Map<String, Object> p = map(asg, "Properties");
    assertThat(p).containsEntry("MinSize", ref("WebMinSize")).containsEntry("MaxSize", ref("WebMaxSize"))
        .doesNotContainKey("DesiredCapacity").containsEntry("HealthCheckType", "ELB");
    Map<String, Object> rolling = map(asg, "UpdatePolicy", "AutoScalingRollingUpdate");
    assertThat(rolling).containsEntry("MinInstancesInService", ref("WebMinSize")).containsEntry("MaxBatchSize", 1)
        .containsEntry("WaitOnResourceSignals", true);
    // headroom: CloudFormation needs MinInstancesInService < MaxSize, i.e. WebMinSize < WebMaxSize for every size
    assertThat(map(web, "Parameters", "WebMinSize")).containsEntry("MinValue", 2).containsEntry("Default", 2);
    assertThat((Integer) map(web, "Parameters", "WebMaxSize").get("MinValue")).isGreaterThan(2);
    assertThat(map(asg, "CreationPolicy", "ResourceSignal")).containsEntry("Count", ref("WebMinSize"));
    assertThat(p.get("TargetGroupARNs")).isEqualTo(List.of(Map.of("Fn::ImportValue", Map.of("Fn::Sub", "${ParentNetworkStack}-TargetGroupArn"))));
    assertThat(map(p, "LaunchTemplate").get("Version")).isEqualTo(Map.of("Fn::GetAtt", List.of("LaunchTemplate", "LatestVersionNumber")));
  }

  @Test
  void the_jar_digest_appears_outside_fn_sub_so_a_new_jar_changes_the_launch_template() {
    Map<String, Object> lt = props(web, "LaunchTemplate");
    Map<String, Object> instanceTags = map(list(map(lt, "LaunchTemplateData").get("TagSpecifications")).get(0));
    assertThat(instanceTags).containsEntry("ResourceType", "instance");
    assertThat(list(instanceTags.get("Tags"))).contains(Map.of("Key", "zerodown:agent-sha256", "Value", ref("ArtifactSha256")));
    Map<String, Object> ltTags = map(list(lt.get("TagSpecifications")).get(0));
    assertThat(list(ltTags.get("Tags"))).contains(Map.of("Key", "zerodown:agent-sha256", "Value", ref("ArtifactSha256")));
  }

  @Test
  void root_volumes_of_both_tiers_carry_the_environment_and_part_tags_for_cost_allocation() {
    for (var tier : Map.of("web", web, "bastion", bastion).entrySet()) {
      List<Object> specs = list(map(props(tier.getValue(), "LaunchTemplate"), "LaunchTemplateData").get("TagSpecifications"));
      Map<String, Object> volume = specs.stream().map(Templates::map).filter(s -> "volume".equals(s.get("ResourceType")))
          .findFirst().orElseThrow();
      assertThat(list(volume.get("Tags"))).as(tier.getKey()).contains(
          Map.of("Key", "zerodown:env", "Value", ref("EnvironmentName")),
          Map.of("Key", "zerodown:part", "Value", tier.getKey()));
    }
  }

  /** The web role's statements by Sid (the conditional one under its Fn::If). */
  private Map<String, Map<String, Object>> statements() {
    Map<String, Map<String, Object>> bySid = new java.util.LinkedHashMap<>();
    for (Object o : list(map(map(list(props(web, "Role").get("Policies")).get(0)), "PolicyDocument").get("Statement"))) {
      Map<String, Object> st = map(o);
      if (st.containsKey("Fn::If")) st = map(list(st.get("Fn::If")).get(1));
      bySid.put((String) st.get("Sid"), st);
    }
    return bySid;
  }

  @Test
  void web_role_reads_agent_jars_publishes_only_its_namespace_and_reads_only_the_auth_secret() {
    Map<String, Map<String, Object>> statements = statements();
    Map<String, Object> s3 = statements.get("ReadAgentJars");
    assertThat(s3).containsEntry("Action", "s3:GetObject");
    assertThat(list(map(s3, "Resource").get("Fn::Sub")).get(0))
        .as("content-addressed keys: an instance launched while the role names another digest still reads its jar")
        .isEqualTo("arn:${AWS::Partition}:s3:::${ArtifactBucket}/agent/*");
    Map<String, Object> metrics = statements.get("PublishAgentMetricsToItsNamespaceOnly");
    assertThat(metrics).containsEntry("Action", "cloudwatch:PutMetricData");
    assertThat(map(metrics, "Condition", "StringEquals")).containsEntry("cloudwatch:namespace", ref("MetricsNamespace"));
    List<Object> secret = list(map(list(map(map(list(props(web, "Role").get("Policies")).get(0)), "PolicyDocument")
        .get("Statement")).stream().filter(o -> map(o).containsKey("Fn::If")).findFirst().orElseThrow()).get("Fn::If"));
    assertThat(secret.get(0)).isEqualTo("HasRedisAuth");
    assertThat(map(secret.get(1))).containsEntry("Action", "secretsmanager:GetSecretValue").containsEntry("Resource", ref("RedisAuthSecretArn"));
  }

  @Test
  void web_group_holds_new_instances_in_a_launching_hook_that_abandons_by_default() {
    Map<String, Object> asg = map(web, "Resources", "AutoScalingGroup");
    List<Object> hooks = list(map(asg, "Properties").get("LifecycleHookSpecificationList"));
    assertThat(hooks).hasSize(1);
    Map<String, Object> hook = map(hooks.get(0));
    assertThat(hook).containsEntry("LifecycleTransition", "autoscaling:EC2_INSTANCE_LAUNCHING")
        .containsEntry("DefaultResult", "ABANDON").containsEntry("HeartbeatTimeout", 900);
    int heartbeat = (Integer) hook.get("HeartbeatTimeout");
    assertThat(heartbeat).as("the hook times out no later than CloudFormation stops waiting for the signal")
        .isLessThanOrEqualTo(iso8601Seconds((String) map(asg, "CreationPolicy", "ResourceSignal").get("Timeout")))
        .isLessThanOrEqualTo(iso8601Seconds((String) map(asg, "UpdatePolicy", "AutoScalingRollingUpdate").get("PauseTime")));
    String userData = Templates.RENDERER.render(StackPart.WEB);
    assertThat(userData).as("web.sh completes the hook by the name the template gives it")
        .contains("LIFECYCLE_HOOK_NAME=" + hook.get("LifecycleHookName") + "\n")
        .contains("ASG_NAME=web-${EnvironmentName}\n");
    assertThat(map(asg, "Properties")).containsEntry("AutoScalingGroupName", Map.of("Fn::Sub", "web-${EnvironmentName}"));
  }

  @Test
  void web_role_may_complete_and_heartbeat_only_its_own_groups_lifecycle_actions() {
    Map<String, Object> hook = statements().get("CompleteOwnLaunchingHook");
    assertThat(hook).containsEntry("Effect", "Allow")
        .containsEntry("Action", List.of("autoscaling:CompleteLifecycleAction", "autoscaling:RecordLifecycleActionHeartbeat"))
        .containsEntry("Resource", Map.of("Fn::Sub", "arn:${AWS::Partition}:autoscaling:${AWS::Region}:${AWS::AccountId}"
            + ":autoScalingGroup:*:autoScalingGroupName/web-${EnvironmentName}"));
  }

  private static int iso8601Seconds(String duration) {
    return (int) java.time.Duration.parse(duration).toSeconds();
  }

  @Test
  void alarms_on_unhealthy_hosts_target_5xx_and_elb_5xx_notify_the_topic() {
    for (String alarm : List.of("UnhealthyHostsAlarm", "Target5xxAlarm", "Elb5xxAlarm")) {
      Map<String, Object> a = props(web, alarm);
      assertThat(a).containsEntry("ComparisonOperator", "GreaterThanThreshold")
          .containsEntry("AlarmActions", List.of(ref("AlarmTopic")));
    }
    assertThat(props(web, "UnhealthyHostsAlarm")).containsEntry("EvaluationPeriods", 3).containsEntry("DatapointsToAlarm", 2);
    assertThat(props(web, "Target5xxAlarm")).containsEntry("EvaluationPeriods", 3).containsEntry("DatapointsToAlarm", 2);
    assertThat(list(props(web, "Target5xxAlarm").get("Metrics"))).anyMatch(m -> map(m).containsKey("MetricStat")
        && "HTTPCode_Target_5XX_Count".equals(map(map(m), "MetricStat", "Metric").get("MetricName")));
    assertThat(props(web, "UnhealthyHostsAlarm")).containsEntry("MetricName", "UnHealthyHostCount");
    assertThat(props(web, "Elb5xxAlarm")).containsEntry("MetricName", "HTTPCode_ELB_5XX_Count");
    assertThat(map(web, "Resources", "AlarmEmailSubscription")).containsEntry("Condition", "HasAlarmEmail");
  }

  @Test
  void dashboard_shows_the_alb_metrics_and_the_agent_namespace() {
    String body = (String) list(map(props(web, "Dashboard"), "DashboardBody").get("Fn::Sub")).get(0);
    assertThat(body).contains("RequestCount", "HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count", "TargetResponseTime",
        "HealthyHostCount", "UnHealthyHostCount", "TargetConnectionErrorCount", "${MetricsNamespace}");
    assertThat(body).as("no namespace-wide search mixing environments and units").doesNotContain("SEARCH('Namespace=");
  }

  @Test
  void web_role_may_decrypt_with_the_redis_secret_kms_key_only_when_one_is_given_and_only_through_secrets_manager() {
    List<Object> statements = list(map(map(list(props(web, "Role").get("Policies")).get(0)), "PolicyDocument").get("Statement"));
    List<Object> kms = statements.stream().filter(s -> s instanceof Map<?, ?> m && m.containsKey("Fn::If")
        && "HasRedisAuthKmsKey".equals(list(((Map<?, ?>) s).get("Fn::If")).get(0))).map(s -> list(((Map<?, ?>) s).get("Fn::If"))).findFirst()
        .orElseThrow(() -> new AssertionError("no statement conditioned on HasRedisAuthKmsKey"));
    assertThat(map(kms.get(1))).containsEntry("Action", "kms:Decrypt").containsEntry("Resource", ref("RedisAuthKmsKeyArn"));
    assertThat(map(kms.get(1), "Condition", "StringEquals"))
        .containsEntry("kms:ViaService", Map.of("Fn::Sub", "secretsmanager.${AWS::Region}.amazonaws.com"));
    assertThat(kms.get(2)).isEqualTo(ref("AWS::NoValue"));
    assertThat(map(web, "Conditions", "HasRedisAuthKmsKey"))
        .isEqualTo(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(ref("RedisAuthKmsKeyArn"), "")))));
  }
}
