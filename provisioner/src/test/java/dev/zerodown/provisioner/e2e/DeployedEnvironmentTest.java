package dev.zerodown.provisioner.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.Cli.Result;
import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.artifacts.AgentJar;
import dev.zerodown.provisioner.aws.Ec2Gateway;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * One {@code deploy --method direct --redis-endpoint … --yes} against moto_server, then the resources it
 * made, read back through the EC2, ELBv2 and Auto Scaling APIs. Direct mode because moto's change sets
 * never compute outputs (AWS-EMULATOR.md); the change-set path is covered by {@code ReplayedCloudFormationTest}.
 */
class DeployedEnvironmentTest {
  @RegisterExtension
  static final MotoAccount moto = MotoAccount.forTheClass();

  private static Result deploy;
  private static String vpcId;

  static String[] deployArgs(MotoAccount moto, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("deploy", "--endpoint-url", moto.endpoint().toString(),
        "--method", "direct", "--redis-endpoint", "redis.example.internal:6380", "--redis-cidr", "10.1.2.0/24",
        "--redis-security-group", "sg-0123456789abcdef0", "--my-ip", "203.0.113.7/32", "--yes"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  @BeforeAll
  static void deployOnce() {
    deploy = Cli.run(deployArgs(moto));
    vpcId = moto.aws().cloudFormation().describeStacks(b -> b.stackName("zerodown-dev-network")).stacks().get(0).outputs()
        .stream().filter(o -> o.outputKey().equals("VpcId")).findFirst().orElseThrow().outputValue();
  }

  @Test
  void deploy_creates_every_stack_but_the_database_and_prints_the_endpoints() {
    assertThat(deploy.code()).as(deploy.toString()).isZero();
    for (String part : List.of("artifacts", "network", "bastion", "web")) {
      Stack s = moto.aws().cloudFormation().describeStacks(b -> b.stackName("zerodown-dev-" + part)).stacks().get(0);
      assertThat(s.stackStatusAsString()).as(part).isEqualTo("CREATE_COMPLETE");
      assertThat(deploy.out()).contains("zerodown-dev-" + part + ": CREATE_COMPLETE");
    }
    assertThat(moto.aws().cloudFormation().listStacks().stackSummaries()).noneMatch(s -> s.stackName().endsWith("-database"));
    assertThat(deploy.out()).contains("Load balancer  http://").contains("curl -s http://")
        .contains("/cgi-bin/hello.py").contains("Redis          redis.example.internal:6380")
        .contains("#dashboards:name=zerodown-dev");
  }

  @Test
  void without_a_key_pair_no_ssh_line_follows_the_no_key_notice() {
    assertThat(deploy.out()).contains("no --key-name or --ssh-public-key: the instances get no SSH key")
        .containsPattern("  Bastion        [0-9.]+ \\(no SSH key: deploy with --key-name or --ssh-public-key to log in\\)")
        .doesNotContain("ssh ec2-user@").doesNotContain("ssh -J");
  }

  @Test
  void direct_mode_lists_a_new_stacks_resources_as_a_change_set_would() {
    int resources = dev.zerodown.provisioner.cfn.Template.resourceCount(
        dev.zerodown.provisioner.render.TemplateRenderer.fromClasspath()
            .render(dev.zerodown.provisioner.environment.StackPart.NETWORK));
    List<String> lines = deploy.out().lines().toList();
    int header = lines.indexOf("zerodown-dev-network: new stack, " + resources + " resources");
    assertThat(header).as(deploy.out()).isNotNegative();
    assertThat(lines.subList(header + 1, header + 1 + resources)).allMatch(l -> l.startsWith("  + AWS::"))
        .anyMatch(l -> l.matches("  \\+ AWS::EC2::VPC +Vpc"));
  }

  @Test
  void plan_after_the_deploy_sums_up_each_stack_as_it_listed_it() {
    Result r = Cli.run("plan", "--endpoint-url", moto.endpoint().toString(), "--redis-endpoint",
        "redis.example.internal:6380", "--redis-cidr", "10.1.2.0/24", "--redis-security-group", "sg-0123456789abcdef0",
        "--my-ip", "203.0.113.7/32");
    assertThat(r.code()).as(r.toString()).isZero();
    String summary = r.out().lines().filter(l -> l.startsWith("Plan for zerodown-dev: ")).findFirst().orElseThrow();
    for (String part : List.of("artifacts", "network", "bastion", "web")) {
      java.util.regex.Matcher listed = java.util.regex.Pattern.compile("(?m)^zerodown-dev-" + part
          + ": (up to date|\\d+ changes?)").matcher(r.out());
      assertThat(listed.find()).as(part + " listed in\n" + r.out()).isTrue();
      assertThat(summary).as(part).contains(part + " " + listed.group(1));
    }
  }

  @Test
  void without_a_terminal_and_without_yes_an_up_to_date_deploy_is_exit_0() {
    List<String> args = new java.util.ArrayList<>(List.of(deployArgs(moto)));
    args.remove("--yes");
    Result r = Cli.run(args.toArray(String[]::new));
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Up to date: zerodown-dev");
  }

  @Test
  void network_opens_web_egress_to_the_users_redis_on_the_endpoints_port() {
    // moto skips AWS::EC2::SecurityGroupEgress: the rule itself is checked in NetworkTemplateTest; here, its inputs.
    assertThat(stackParameters("zerodown-dev-network")).containsEntry("ExternalRedisCidr", "10.1.2.0/24")
        .containsEntry("ExternalRedisSecurityGroupId", "sg-0123456789abcdef0").containsEntry("ExternalRedisPort", "6380");
    assertThat(stackParameters("zerodown-dev-web")).containsEntry("RedisHost", "redis.example.internal")
        .containsEntry("RedisPort", "6380");
  }

  private static java.util.Map<String, String> stackParameters(String stack) {
    return moto.aws().cloudFormation().describeStacks(b -> b.stackName(stack)).stacks().get(0).parameters().stream()
        .collect(java.util.stream.Collectors.toMap(p -> p.parameterKey(), p -> p.parameterValue()));
  }

  @Test
  void vpc_has_fifteen_subnets_in_five_tiers_of_three() {
    var subnets = moto.aws().ec2().describeSubnets(b -> b.filters(Filter.builder().name("vpc-id").values(vpcId).build())).subnets();
    assertThat(subnets).hasSize(15);
    assertThat(subnets.stream().map(s -> s.cidrBlock()).sorted().toList()).containsExactly(
        "10.0.11.0/24", "10.0.12.0/24", "10.0.13.0/24", "10.0.21.0/24", "10.0.22.0/24", "10.0.23.0/24",
        "10.0.31.0/24", "10.0.32.0/24", "10.0.33.0/24", "10.0.41.0/24", "10.0.42.0/24", "10.0.43.0/24",
        "10.0.51.0/24", "10.0.52.0/24", "10.0.53.0/24");
  }

  @Test
  void one_nat_gateway_per_zone_in_the_nat_subnets() {
    var nats = moto.aws().ec2().describeNatGateways(b -> b.filter(Filter.builder().name("vpc-id").values(vpcId).build()))
        .natGateways();
    assertThat(nats).hasSize(3);
    var natSubnets = moto.aws().ec2().describeSubnets(b -> b.subnetIds(nats.stream().map(n -> n.subnetId()).toList())).subnets();
    assertThat(natSubnets).allMatch(s -> s.cidrBlock().startsWith("10.0.2"));
  }

  @Test
  void target_group_checks_ping_py_on_8000_with_the_design_timing() {
    TargetGroup tg = moto.aws().elbv2().describeTargetGroups().targetGroups().stream()
        .filter(t -> t.targetGroupName().equals("tg-web-dev")).findFirst().orElseThrow();
    assertThat(tg.port()).isEqualTo(8000);
    assertThat(tg.healthCheckPath()).isEqualTo("/cgi-bin/ping.py");
    assertThat(tg.healthCheckIntervalSeconds()).isEqualTo(5);
    assertThat(tg.healthCheckTimeoutSeconds()).isEqualTo(3);
    assertThat(tg.healthyThresholdCount()).isEqualTo(2);
    assertThat(tg.unhealthyThresholdCount()).isEqualTo(2);
  }

  @Test
  void web_group_runs_two_of_two_registered_in_the_target_group() {
    var g = moto.aws().autoScaling().describeAutoScalingGroups(b -> b.autoScalingGroupNames("web-dev")).autoScalingGroups().get(0);
    assertThat(g.minSize()).isEqualTo(2);
    assertThat(g.desiredCapacity()).isEqualTo(2);
    assertThat(g.instances()).hasSize(2).allMatch(i -> i.lifecycleStateAsString().equals("InService"));
    assertThat(g.healthCheckType()).isEqualTo("ELB");
    String tgArn = moto.aws().elbv2().describeTargetGroups().targetGroups().stream()
        .filter(t -> t.targetGroupName().equals("tg-web-dev")).findFirst().orElseThrow().targetGroupArn();
    var targets = moto.aws().elbv2().describeTargetHealth(b -> b.targetGroupArn(tgArn)).targetHealthDescriptions();
    assertThat(targets.stream().map(t -> t.target().id()).toList())
        .containsExactlyInAnyOrderElementsOf(g.instances().stream().map(i -> i.instanceId()).toList());
  }

  @Test
  void launch_template_requires_imdsv2_has_no_public_ip_and_carries_the_jar_digest() {
    var g = moto.aws().autoScaling().describeAutoScalingGroups(b -> b.autoScalingGroupNames("web-dev")).autoScalingGroups().get(0);
    String ltId = g.launchTemplate() != null ? g.launchTemplate().launchTemplateId()
        : g.mixedInstancesPolicy().launchTemplate().launchTemplateSpecification().launchTemplateId();
    LaunchTemplateVersion v = moto.aws().ec2().describeLaunchTemplateVersions(b -> b.launchTemplateId(ltId).versions("$Latest"))
        .launchTemplateVersions().get(0);
    var data = v.launchTemplateData();
    assertThat(data.metadataOptions().httpTokensAsString()).isEqualTo("required");
    assertThat(data.networkInterfaces()).allMatch(n -> !Boolean.TRUE.equals(n.associatePublicIpAddress()));
    String sha = AgentJar.load(Optional.empty()).sha256();
    String userData = Ec2Gateway.decodeUserData(data.userData());
    assertThat(userData).contains("ARTIFACT_SHA256=" + sha).contains("redis.example.internal");
  }

  @Test
  void second_deploy_is_a_no_op() {
    var before = moto.aws().cloudFormation().describeStacks().stacks().stream()
        .collect(java.util.stream.Collectors.toMap(Stack::stackName, s -> String.valueOf(s.lastUpdatedTime())));
    Result again = Cli.run(deployArgs(moto));
    assertThat(again.code()).as(again.toString()).isZero();
    for (String part : List.of("artifacts", "network", "bastion", "web")) {
      assertThat(again.out()).contains("zerodown-dev-" + part + ": up to date");
    }
    assertThat(again.out()).contains("Up to date: zerodown-dev").doesNotContain("UPDATE_IN_PROGRESS");
    var after = moto.aws().cloudFormation().describeStacks().stacks().stream()
        .collect(java.util.stream.Collectors.toMap(Stack::stackName, s -> String.valueOf(s.lastUpdatedTime())));
    assertThat(after).isEqualTo(before);
  }

  @Test
  void status_shows_stacks_instances_target_health_and_jar_digest() {
    Result r = Cli.run("status", "--endpoint-url", moto.endpoint().toString());
    assertThat(r.code()).as(r.toString()).isZero();
    String sha = AgentJar.load(Optional.empty()).sha256();
    assertThat(r.out()).contains("zerodown-dev-network    CREATE_COMPLETE").contains("zerodown-dev-database   not deployed")
        .contains("network.LoadBalancerUrl = http://").contains("Web instances (ASG web-dev: min 2, max 4, desired 2, 2 in service)")
        .contains("Recent scaling activities (newest first; scale shows the policies)\n  none\n");
    assertThat(r.out().lines().filter(l -> l.contains("target healthy  SERVING") && l.contains("agent " + sha.substring(0, 12))))
        .hasSize(2);
    assertThat(r.out()).as("the Redis line deploy prints").contains("  Redis          redis.example.internal:6380\n")
        .doesNotContain("ssh -J");
  }

  @Test
  void status_as_json_is_one_document_with_verdicts() {
    Result r = Cli.run("status", "--endpoint-url", moto.endpoint().toString(), "--output", "json");
    assertThat(r.code()).isZero();
    assertThat(r.out().strip()).startsWith("{").endsWith("}");
    assertThat(r.out().split("\"verdict\": \"SERVING\"", -1)).hasSize(3);
    assertThat(r.out()).contains("\"zerodown-dev-web\": {").contains("\"status\": \"CREATE_COMPLETE\"")
        .contains("\"activities\": []");
  }

  @Test
  void deploy_as_json_prints_the_endpoints_on_stdout_and_progress_on_stderr() {
    Result r = Cli.run(deployArgs(moto, "--output", "json"));
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out().strip()).startsWith("{").endsWith("}").contains("\"albUrl\": \"http://")
        .contains("\"curl\": \"curl -s http://").contains("\"zerodown-dev-web\": \"up to date\"");
    assertThat(r.err()).contains("zerodown-dev-network: up to date");
  }
}
