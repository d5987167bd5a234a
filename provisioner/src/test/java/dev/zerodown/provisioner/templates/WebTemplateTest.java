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
    assertThat(p).containsEntry("MinSize", "2").containsEntry("DesiredCapacity", "2").containsEntry("MaxSize", "3")
        .containsEntry("HealthCheckType", "ELB");
    Map<String, Object> rolling = map(asg, "UpdatePolicy", "AutoScalingRollingUpdate");
    assertThat(rolling).containsEntry("MinInstancesInService", 2).containsEntry("MaxBatchSize", 1)
        .containsEntry("WaitOnResourceSignals", true);
    assertThat((Integer) rolling.get("MinInstancesInService")).as("headroom: CloudFormation needs MinInstancesInService < MaxSize")
        .isLessThan(Integer.parseInt((String) p.get("MaxSize")));
    assertThat(map(asg, "CreationPolicy", "ResourceSignal")).containsEntry("Count", 2);
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
  void web_role_reads_only_its_jar_publishes_only_its_namespace_and_reads_only_the_auth_secret() {
    List<Object> statements = list(map(map(list(props(web, "Role").get("Policies")).get(0)), "PolicyDocument").get("Statement"));
    Map<String, Object> s3 = map(statements.get(0));
    assertThat(s3).containsEntry("Action", "s3:GetObject");
    assertThat(list(map(s3, "Resource").get("Fn::Sub")).get(0))
        .isEqualTo("arn:${AWS::Partition}:s3:::${ArtifactBucket}/agent/${ArtifactSha256}/agent.jar");
    Map<String, Object> metrics = map(statements.get(1));
    assertThat(metrics).containsEntry("Action", "cloudwatch:PutMetricData");
    assertThat(map(metrics, "Condition", "StringEquals")).containsEntry("cloudwatch:namespace", ref("MetricsNamespace"));
    List<Object> secret = list(map(statements.get(3)).get("Fn::If"));
    assertThat(secret.get(0)).isEqualTo("HasRedisAuth");
    assertThat(map(secret.get(1))).containsEntry("Action", "secretsmanager:GetSecretValue").containsEntry("Resource", ref("RedisAuthSecretArn"));
  }

  @Test
  void alarms_on_unhealthy_hosts_and_elb_5xx_notify_the_topic() {
    for (String alarm : List.of("UnhealthyHostsAlarm", "Elb5xxAlarm")) {
      Map<String, Object> a = props(web, alarm);
      assertThat(a).containsEntry("ComparisonOperator", "GreaterThanThreshold").containsEntry("Threshold", 0)
          .containsEntry("AlarmActions", List.of(ref("AlarmTopic")));
    }
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
