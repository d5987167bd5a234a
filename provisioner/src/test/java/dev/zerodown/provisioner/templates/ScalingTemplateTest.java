package dev.zerodown.provisioner.templates;

import static dev.zerodown.provisioner.templates.Templates.list;
import static dev.zerodown.provisioner.templates.Templates.map;
import static dev.zerodown.provisioner.templates.Templates.props;
import static dev.zerodown.provisioner.templates.Templates.ref;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.render.CfnYaml;
import dev.zerodown.provisioner.synth.SynthCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The web group's autoscaling as synth writes it for {@code --web-min-size 2 --web-max-size 6}: both target-tracking
 * policies, the sizes from the parameters, no fixed desired capacity. moto turns scaling policies into placeholders
 * (docs/aws-emulator.md), so these facts are read from the template; cfn-lint checks it in TemplateLintTest.
 */
class ScalingTemplateTest {
  @TempDir static Path dir;
  private static Map<String, Object> web;
  private static String parameters;

  @BeforeAll
  static void synth() throws IOException {
    Path jar = Files.writeString(dir.resolve("agent.jar"), "an agent jar stand-in");
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new SynthCommand());
    cl.setOut(new PrintWriter(new StringWriter(), true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute("--out", dir.resolve("out").toString(), "--my-ip", "203.0.113.7/32", "--agent-jar", jar.toString(),
        "--web-min-size", "2", "--web-max-size", "6");
    assertThat(code).as(err.toString()).isZero();
    web = CfnYaml.parse(Files.readString(dir.resolve("out/zerodown-dev-web.yaml")));
    parameters = Files.readString(dir.resolve("out/zerodown-dev-web.parameters.json"));
  }

  private static String entry(String key, String value) {
    return "{\"ParameterKey\": \"" + key + "\", \"ParameterValue\": \"" + value + "\"}";
  }

  @Test
  void the_sizes_come_from_the_parameters_and_no_desired_capacity_is_fixed() {
    assertThat(parameters).contains(entry("WebMinSize", "2"), entry("WebMaxSize", "6"),
        entry("TargetRequestsPerInstance", "3000"), entry("TargetCpuUtilization", "60"));
    Map<String, Object> asg = map(web, "Resources", "AutoScalingGroup");
    assertThat(map(asg, "Properties")).containsEntry("MinSize", ref("WebMinSize")).containsEntry("MaxSize", ref("WebMaxSize"))
        .as("a DesiredCapacity would be set again by every stack update, undoing a scale-out").doesNotContainKey("DesiredCapacity");
    assertThat(map(asg, "CreationPolicy", "ResourceSignal")).containsEntry("Count", ref("WebMinSize"));
    assertThat(map(asg, "UpdatePolicy", "AutoScalingRollingUpdate")).containsEntry("MinInstancesInService", ref("WebMinSize"));
    assertThat(map(asg, "UpdatePolicy", "AutoScalingScheduledAction")).containsEntry("IgnoreUnmodifiedGroupSizeProperties", true);
  }

  @Test
  void new_instances_warm_up_before_their_metrics_count_for_scaling() {
    assertThat(props(web, "AutoScalingGroup")).containsEntry("DefaultInstanceWarmup", 120);
  }

  @Test
  void a_rollout_suspends_the_alarm_notifications_that_drive_target_tracking() {
    List<Object> suspended = list(map(web, "Resources", "AutoScalingGroup", "UpdatePolicy", "AutoScalingRollingUpdate")
        .get("SuspendProcesses"));
    assertThat(suspended).contains("AlarmNotification").doesNotContain("Launch", "Terminate", "AddToLoadBalancer");
  }

  @Test
  void request_count_policy_tracks_requests_per_target_of_this_load_balancer_and_target_group() {
    Map<String, Object> policy = map(web, "Resources", "RequestCountScalingPolicy");
    assertThat(policy).containsEntry("Type", "AWS::AutoScaling::ScalingPolicy");
    Map<String, Object> p = props(web, "RequestCountScalingPolicy");
    assertThat(p).containsEntry("AutoScalingGroupName", ref("AutoScalingGroup")).containsEntry("PolicyType", "TargetTrackingScaling");
    Map<String, Object> tracking = map(p, "TargetTrackingConfiguration");
    assertThat(tracking).containsEntry("TargetValue", ref("TargetRequestsPerInstance"));
    Map<String, Object> metric = map(tracking, "PredefinedMetricSpecification");
    assertThat(metric).containsEntry("PredefinedMetricType", "ALBRequestCountPerTarget");
    // app/<alb>/<id>/targetgroup/<tg>/<id>: the two full names the network stack exports, joined by '/'
    assertThat(metric.get("ResourceLabel")).isEqualTo(Map.of("Fn::Join", List.of("/", List.of(
        Map.of("Fn::ImportValue", Map.of("Fn::Sub", "${ParentNetworkStack}-LoadBalancerFullName")),
        Map.of("Fn::ImportValue", Map.of("Fn::Sub", "${ParentNetworkStack}-TargetGroupFullName"))))));
    Map<String, Object> network = Templates.rendered(dev.zerodown.provisioner.environment.StackPart.NETWORK);
    assertThat(map(network, "Outputs", "LoadBalancerFullName", "Export")).isEqualTo(Map.of("Name",
        Map.of("Fn::Sub", "${AWS::StackName}-LoadBalancerFullName")));
    assertThat(map(network, "Outputs", "TargetGroupFullName", "Export")).isEqualTo(Map.of("Name",
        Map.of("Fn::Sub", "${AWS::StackName}-TargetGroupFullName")));
  }

  @Test
  void cpu_policy_tracks_the_groups_average_cpu() {
    Map<String, Object> p = props(web, "CpuScalingPolicy");
    assertThat(p).containsEntry("AutoScalingGroupName", ref("AutoScalingGroup")).containsEntry("PolicyType", "TargetTrackingScaling");
    Map<String, Object> tracking = map(p, "TargetTrackingConfiguration");
    assertThat(tracking).containsEntry("TargetValue", ref("TargetCpuUtilization"));
    assertThat(map(tracking, "PredefinedMetricSpecification")).containsEntry("PredefinedMetricType", "ASGAverageCPUUtilization");
    assertThat(map(web, "Parameters", "TargetCpuUtilization")).containsEntry("Default", 60);
    assertThat(map(web, "Parameters", "TargetRequestsPerInstance")).containsEntry("Default", 3000);
  }
}
