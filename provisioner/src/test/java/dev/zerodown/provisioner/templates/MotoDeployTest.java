package dev.zerodown.provisioner.templates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.artifacts.AgentJar;
import dev.zerodown.provisioner.cfn.Method;
import dev.zerodown.provisioner.environment.Cidr;
import dev.zerodown.provisioner.environment.DeployInputs;
import dev.zerodown.provisioner.environment.HostPort;
import dev.zerodown.provisioner.environment.RedisReach;
import dev.zerodown.provisioner.environment.Placement;
import dev.zerodown.provisioner.environment.StackParameters;
import dev.zerodown.provisioner.environment.StackPart;
import dev.zerodown.provisioner.environment.Topology;
import dev.zerodown.provisioner.render.TemplateRenderer;
import dev.zerodown.testsupport.MotoServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Export;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Deploys the rendered artifacts, network, bastion and web templates into moto_server with the SDK's
 * CloudFormation client, then reads back what moto models. database.yaml is left out: moto skips
 * ElastiCache resources in CloudFormation (cfn-lint and the structural tests cover it).
 */
class MotoDeployTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final String SHA = "5f".repeat(32);
  private static final String SECRET = "arn:aws:secretsmanager:eu-west-3:123456789012:secret:zerodown/dev/redis-auth-AbCdEf";
  private static final Map<StackPart, Stack> STACKS = new TreeMap<>();
  /** eu-west-3's zones as moto lists them; the AMI moto's AL2023 x86_64 parameter names. */
  private static final Placement PLACEMENT = new Placement(List.of("eu-west-3a", "eu-west-3b", "eu-west-3c"),
      "ami-0e96f8459c59b3ff6", "ami-0e96f8459c59b3ff6", "");
  private static Stack cheapNetwork;
  private static Stack httpsNetwork;
  private static String hostedZone;
  private static CloudFormationClient cfn;
  private static Ec2Client ec2;
  private static ElasticLoadBalancingV2Client elb;
  private static AutoScalingClient asg;

  static <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
    return builder.endpointOverride(MOTO.endpoint()).region(Region.EU_WEST_3)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
  }

  @BeforeAll
  static void deploy() {
    cfn = client(CloudFormationClient.builder());
    ec2 = client(Ec2Client.builder());
    elb = client(ElasticLoadBalancingV2Client.builder());
    asg = client(AutoScalingClient.builder());
    DeployInputs dev = inputs("203.0.113.7", false, SECRET);
    for (List<StackPart> wave : Topology.deployWaves(false)) {
      for (StackPart part : wave) STACKS.put(part, create(part, "dev", dev));
    }
    cheapNetwork = create(StackPart.NETWORK, "cheap", inputs("198.51.100.0/24", true, SECRET));
    // HTTPS on a domain: moto checks that the certificate exists in its ACM, and creates the Route 53 record.
    try (AcmClient acm = client(AcmClient.builder()); Route53Client r53 = client(Route53Client.builder())) {
      String certificate = acm.requestCertificate(b -> b.domainName("www.example.com")).certificateArn();
      String zone = r53.createHostedZone(b -> b.name("example.com").callerReference("zerodown-test")).hostedZone().id();
      hostedZone = zone.substring(zone.lastIndexOf('/') + 1);
      DeployInputs base = inputs("203.0.113.7", true, SECRET);
      DeployInputs https = new DeployInputs(base.method(), base.myIp(), false, base.keyName(), base.sshPublicKey(),
          base.webInstanceType(), base.bastionInstanceType(), base.cacheNodeType(), base.imageParameter(), true, false,
          base.redisEndpoint(), base.redisTls(), base.redisAuthSecretArn(), Optional.empty(), base.redisReach(), false,
          Optional.of(certificate), Optional.of("www.example.com"), Optional.of(hostedZone), Optional.empty(), base.agentJar(),
          base.waitTimeout(), Optional.empty(), false);
      httpsNetwork = create(StackPart.NETWORK, "https", https);
    }
  }

  /** deploy's inputs for an external TLS Redis reachable by CIDR; the parameters come from deploy's own mapping. */
  private static DeployInputs inputs(String adminCidr, boolean singleNat, String secret) {
    return new DeployInputs(Method.DIRECT, Optional.of(Cidr.parse("--my-ip", adminCidr)), false, Optional.empty(),
        Optional.empty(), "t3.micro", "t3.micro", "cache.t3.micro", Optional.empty(),
        singleNat, false, Optional.of(new HostPort("redis.example.internal", 6379)), true,
        secret.isEmpty() ? Optional.empty() : Optional.of(secret), Optional.empty(),
        Optional.of(new RedisReach(Optional.of(Cidr.parse("--redis-cidr", "10.1.2.0/24")), Optional.empty())), false,
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), new AgentJar(new byte[0], SHA, "test"),
        java.time.Duration.ofMinutes(1), Optional.empty(), false);
  }

  private static Map<String, String> parameters(StackPart part, String env, DeployInputs in) {
    return StackParameters.of(part, env, in, in.myIp().orElseThrow(), in.keyPairName(env), PLACEMENT, Map.of());
  }

  @AfterAll
  static void close() {
    for (AutoCloseable c : new AutoCloseable[] {cfn, ec2, elb, asg}) {
      try {
        if (c != null) c.close();
      } catch (Exception ignored) {
        // closing SDK clients only releases local resources
      }
    }
  }

  private static Stack create(StackPart part, String env, DeployInputs in) {
    Map<String, String> p = parameters(part, env, in);
    String name = part.stackName(env);
    cfn.createStack(b -> b.stackName(name).templateBody(TemplateRenderer.fromClasspath().render(part))
        .capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_AUTO_EXPAND)
        .parameters(p.entrySet().stream()
            .map(e -> Parameter.builder().parameterKey(e.getKey()).parameterValue(e.getValue()).build()).toList()));
    for (int i = 0; i < 120; i++) {
      Stack s = cfn.describeStacks(b -> b.stackName(name)).stacks().get(0);
      if (!s.stackStatusAsString().endsWith("IN_PROGRESS")) return s;
      sleep(250);
    }
    throw new AssertionError(name + " still in progress after 30 s; moto log: " + MOTO.logTail());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String output(StackPart part, String key) {
    return STACKS.get(part).outputs().stream().filter(o -> o.outputKey().equals(key)).map(Output::outputValue)
        .findFirst().orElseThrow(() -> new AssertionError(part + " has no output " + key));
  }

  private static String userData(String launchTemplateName) {
    ResponseLaunchTemplateData d = launchTemplate(launchTemplateName);
    return new String(Base64.getDecoder().decode(d.userData()), StandardCharsets.UTF_8);
  }

  private static ResponseLaunchTemplateData launchTemplate(String name) {
    return ec2.describeLaunchTemplateVersions(b -> b.launchTemplateName(name).versions("$Latest"))
        .launchTemplateVersions().get(0).launchTemplateData();
  }

  @Test
  void every_stack_but_the_database_completes_and_exports_its_outputs_under_the_stack_name() {
    assertThat(STACKS.keySet()).containsExactly(StackPart.ARTIFACTS, StackPart.NETWORK, StackPart.BASTION, StackPart.WEB);
    STACKS.forEach((part, s) -> assertThat(s.stackStatus()).as(part.toString()).isEqualTo(StackStatus.CREATE_COMPLETE));
    assertThat(cheapNetwork.stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
    Map<String, String> exports = new HashMap<>();
    String token = null;
    do {
      var page = cfn.listExports(b -> b.nextToken(null));
      for (Export e : page.exports()) exports.put(e.name(), e.value());
      token = page.nextToken();
    } while (token != null);
    STACKS.forEach((part, s) -> s.outputs().stream().filter(o -> o.exportName() != null).forEach(o -> {
      assertThat(o.exportName()).isEqualTo(part.stackName("dev") + "-" + o.outputKey());
      assertThat(exports).containsEntry(o.exportName(), o.outputValue());
    }));
    assertThat(output(StackPart.NETWORK, "LoadBalancerFullName")).matches("app/alb-web-dev/[0-9a-f]+");
    assertThat(output(StackPart.NETWORK, "TargetGroupFullName")).matches("targetgroup/tg-web-dev/[0-9a-f]+");
    assertThat(output(StackPart.WEB, "TemplateVersion")).isNotBlank();
    assertThat(output(StackPart.WEB, "AgentSha256")).isEqualTo(SHA);
    assertThat(output(StackPart.WEB, "AlarmTopicArn")).endsWith(":zerodown-dev-alarms");
  }

  @Test
  void network_has_the_fifteen_subnets_in_three_azs_and_one_nat_gateway_per_az() {
    String vpc = output(StackPart.NETWORK, "VpcId");
    List<Subnet> subnets = ec2.describeSubnets(b -> b.filters(Filter.builder().name("vpc-id").values(vpc).build())).subnets();
    Set<String> expected = new java.util.TreeSet<>();
    for (int g = 1; g <= 5; g++) for (int az = 1; az <= 3; az++) expected.add("10.0." + g + az + ".0/24");
    assertThat(subnets.stream().map(Subnet::cidrBlock).collect(Collectors.toSet())).isEqualTo(expected);
    assertThat(subnets.stream().map(Subnet::availabilityZone).distinct().count()).isEqualTo(3);
    Map<String, Subnet> byId = subnets.stream().collect(Collectors.toMap(Subnet::subnetId, s -> s));

    List<NatGateway> nats = ec2.describeNatGateways(b -> b.filter(Filter.builder().name("vpc-id").values(vpc).build())).natGateways();
    assertThat(nats).hasSize(3);
    Map<String, String> natAz = nats.stream().collect(Collectors.toMap(NatGateway::natGatewayId, n -> byId.get(n.subnetId()).availabilityZone()));
    assertThat(nats).allMatch(n -> byId.get(n.subnetId()).cidrBlock().startsWith("10.0.2"));
    assertThat(Set.copyOf(natAz.values())).hasSize(3);

    List<RouteTable> privateTables = routeTables(vpc, "RouteTablePrivate");
    assertThat(privateTables).hasSize(3);
    for (RouteTable rt : privateTables) {
      String letter = logicalId(rt.tags()).substring("RouteTablePrivate".length()).toLowerCase();
      String nat = defaultNat(rt);
      Subnet natSubnet = byId.get(nats.stream().filter(n -> n.natGatewayId().equals(nat)).findFirst().orElseThrow().subnetId());
      assertThat(natSubnet.cidrBlock()).as("route table " + letter).isEqualTo("10.0.2" + (letter.charAt(0) - 'a' + 1) + ".0/24");
    }
  }

  @Test
  void with_a_certificate_and_a_hosted_zone_the_url_is_the_domain_and_an_alias_record_points_at_the_alb() {
    assertThat(httpsNetwork.stackStatus()).as(httpsNetwork.stackStatusReason()).isEqualTo(StackStatus.CREATE_COMPLETE);
    Map<String, String> out = httpsNetwork.outputs().stream().collect(Collectors.toMap(Output::outputKey, Output::outputValue));
    assertThat(out).containsEntry("LoadBalancerUrl", "https://www.example.com/");
    try (Route53Client r53 = client(Route53Client.builder())) {
      List<ResourceRecordSet> a = r53.listResourceRecordSets(b -> b.hostedZoneId(hostedZone)).resourceRecordSets().stream()
          .filter(r -> r.type() == RRType.A).toList();
      // moto leaves GetAtt LoadBalancer.CanonicalHostedZoneID unresolved: the record's name and target are what it models.
      assertThat(a).singleElement().satisfies(r -> {
        assertThat(r.name()).isIn("www.example.com", "www.example.com.");
        assertThat(r.aliasTarget().dnsName()).isIn(out.get("LoadBalancerDnsName"), out.get("LoadBalancerDnsName") + ".");
      });
    }
  }

  @Test
  void single_nat_gateway_mode_routes_every_private_table_through_one_nat() {
    String vpc = cheapNetwork.outputs().stream().filter(o -> o.outputKey().equals("VpcId")).findFirst().orElseThrow().outputValue();
    List<NatGateway> nats = ec2.describeNatGateways(b -> b.filter(Filter.builder().name("vpc-id").values(vpc).build())).natGateways();
    assertThat(nats).hasSize(1);
    List<RouteTable> privateTables = routeTables(vpc, "RouteTablePrivate");
    assertThat(privateTables).hasSize(3).allMatch(rt -> nats.get(0).natGatewayId().equals(defaultNat(rt)));
  }

  /** Route tables by CloudFormation logical id prefix (moto replaces the Name tag of route tables with the aws:cloudformation ones). */
  private static List<RouteTable> routeTables(String vpc, String logicalIdPrefix) {
    return ec2.describeRouteTables(b -> b.filters(Filter.builder().name("vpc-id").values(vpc).build())).routeTables().stream()
        .filter(rt -> logicalId(rt.tags()).startsWith(logicalIdPrefix)).toList();
  }

  private static String defaultNat(RouteTable rt) {
    return rt.routes().stream().filter(r -> "0.0.0.0/0".equals(r.destinationCidrBlock())).findFirst().orElseThrow().natGatewayId();
  }

  private static String logicalId(List<software.amazon.awssdk.services.ec2.model.Tag> tags) {
    return tags.stream().filter(t -> t.key().equals("aws:cloudformation:logical-id")).map(software.amazon.awssdk.services.ec2.model.Tag::value).findFirst().orElse("");
  }

  @Test
  void security_groups_reference_each_other_as_designed() {
    Map<String, String> sg = new HashMap<>();
    for (String k : List.of("Bastion", "Alb", "Web", "Redis")) sg.put(k, output(StackPart.NETWORK, k + "SecurityGroupId"));
    Map<String, SecurityGroup> groups = ec2.describeSecurityGroups(b -> b.groupIds(sg.values())).securityGroups().stream()
        .collect(Collectors.toMap(SecurityGroup::groupId, g -> g));
    assertThat(ingress(groups.get(sg.get("Bastion")))).containsExactly("tcp 22 203.0.113.7/32");
    assertThat(ingress(groups.get(sg.get("Alb")))).containsExactly("tcp 80 0.0.0.0/0");
    assertThat(ingress(groups.get(sg.get("Web")))).containsExactlyInAnyOrder("tcp 8000 " + sg.get("Alb"), "tcp 8002 " + sg.get("Alb"),
        "tcp 22 " + sg.get("Bastion"));
    assertThat(ingress(groups.get(sg.get("Redis")))).containsExactly("tcp 6379 " + sg.get("Web"));
  }

  private static List<String> ingress(SecurityGroup g) {
    List<String> out = new ArrayList<>();
    for (IpPermission p : g.ipPermissions()) {
      p.ipRanges().forEach(r -> out.add(p.ipProtocol() + " " + p.fromPort() + " " + r.cidrIp()));
      p.userIdGroupPairs().forEach(u -> out.add(p.ipProtocol() + " " + p.fromPort() + " " + u.groupId()));
    }
    return out;
  }

  @Test
  void load_balancer_forwards_port_80_to_a_target_group_with_the_fast_health_check() {
    LoadBalancer lb = elb.describeLoadBalancers(b -> b.names("alb-web-dev")).loadBalancers().get(0);
    assertThat(lb.schemeAsString()).isEqualTo("internet-facing");
    assertThat(lb.availabilityZones().stream().map(az -> az.subnetId()).collect(Collectors.toSet()))
        .isEqualTo(Set.of(output(StackPart.NETWORK, "AlbSubnetIds").split(",")));
    assertThat(lb.dnsName()).isEqualTo(output(StackPart.NETWORK, "LoadBalancerDnsName"));
    TargetGroup tg = elb.describeTargetGroups(b -> b.names("tg-web-dev")).targetGroups().get(0);
    assertThat(tg.targetGroupArn()).isEqualTo(output(StackPart.NETWORK, "TargetGroupArn"));
    assertThat(tg.port()).isEqualTo(8000);
    assertThat(tg.healthCheckPort()).as("the agent's health-check listener").isEqualTo("8002");
    assertThat(tg.healthCheckPath()).isEqualTo("/cgi-bin/ping.py");
    assertThat(List.of(tg.healthCheckIntervalSeconds(), tg.healthCheckTimeoutSeconds(), tg.healthyThresholdCount(), tg.unhealthyThresholdCount()))
        .containsExactly(5, 3, 2, 2);
    Listener l = elb.describeListeners(b -> b.loadBalancerArn(lb.loadBalancerArn())).listeners().get(0);
    assertThat(l.port()).isEqualTo(80);
    assertThat(l.defaultActions().get(0).typeAsString()).isEqualTo("forward");
    assertThat(l.defaultActions().get(0).targetGroupArn()).isEqualTo(tg.targetGroupArn());
  }

  @Test
  void web_group_runs_two_registered_instances_from_a_locked_down_launch_template() {
    AutoScalingGroup g = asg.describeAutoScalingGroups(b -> b.autoScalingGroupNames("web-dev")).autoScalingGroups().get(0);
    assertThat(List.of(g.minSize(), g.maxSize(), g.desiredCapacity())).containsExactly(2, 4, 2);
    assertThat(g.healthCheckType()).isEqualTo("ELB");
    assertThat(g.healthCheckGracePeriod()).isEqualTo(300);
    assertThat(g.targetGroupARNs()).containsExactly(output(StackPart.NETWORK, "TargetGroupArn"));
    assertThat(Set.of(g.vpcZoneIdentifier().split(","))).isEqualTo(Set.of(output(StackPart.NETWORK, "WebSubnetIds").split(",")));
    assertThat(g.instances()).hasSize(2);
    var health = elb.describeTargetHealth(b -> b.targetGroupArn(output(StackPart.NETWORK, "TargetGroupArn"))).targetHealthDescriptions();
    assertThat(health.stream().map(h -> h.target().id()).collect(Collectors.toSet()))
        .isEqualTo(g.instances().stream().map(i -> i.instanceId()).collect(Collectors.toSet()));

    ResponseLaunchTemplateData d = launchTemplate("lt-web-dev");
    assertThat(d.metadataOptions().httpTokensAsString()).isEqualTo("required");
    assertThat(d.metadataOptions().httpPutResponseHopLimit()).isEqualTo(1);
    assertThat(d.networkInterfaces().get(0).associatePublicIpAddress()).isFalse();
    assertThat(d.networkInterfaces().get(0).groups()).containsExactly(output(StackPart.NETWORK, "WebSecurityGroupId"));
    assertThat(d.blockDeviceMappings().get(0).ebs().encrypted()).isTrue();
    assertThat(d.tagSpecifications().get(0).tags()).anyMatch(t -> t.key().equals("zerodown:agent-sha256") && t.value().equals(SHA));
  }

  @Test
  void web_user_data_carries_the_stack_values_and_web_sh_without_its_comment_lines() {
    String ud = userData("lt-web-dev");
    assertThat(ud).contains(
        "ARTIFACT_BUCKET=" + output(StackPart.ARTIFACTS, "BucketName") + "\n",
        "ARTIFACT_KEY=agent/" + SHA + "/agent.jar\n",
        "TARGET_GROUP_ARN=" + output(StackPart.NETWORK, "TargetGroupArn") + "\n",
        "CFN_STACK=zerodown-dev-web\n", "AWS_REGION=eu-west-3\n", "REDIS_HOST=redis.example.internal\n",
        "REDIS_TLS=true\n", "REDIS_AUTH_SECRET_ARN=" + SECRET + "\n", "ASG_NAME=web-dev\n", "LIFECYCLE_HOOK_NAME=agent-ready\n");
    String start = "cat > /opt/zerodown/web.sh <<'ZERODOWN_USERDATA_SCRIPT'\n";
    String script = ud.substring(ud.indexOf(start) + start.length(), ud.indexOf("\nZERODOWN_USERDATA_SCRIPT\n"));
    assertThat(script + "\n").isEqualTo(TemplateRenderer.stripComments(Templates.read(Templates.ROOT.resolve("userdata/web.sh"))));
  }

  @Test
  void bastion_runs_one_instance_and_re_associates_the_stack_elastic_ip() {
    AutoScalingGroup g = asg.describeAutoScalingGroups(b -> b.autoScalingGroupNames("bastion-dev")).autoScalingGroups().get(0);
    assertThat(List.of(g.minSize(), g.maxSize(), g.desiredCapacity(), g.instances().size())).containsExactly(1, 1, 1, 1);
    String allocation = output(StackPart.BASTION, "AllocationId");
    var address = ec2.describeAddresses(b -> b.allocationIds(allocation)).addresses().get(0);
    assertThat(address.publicIp()).isEqualTo(output(StackPart.BASTION, "PublicIp"));
    assertThat(userData("lt-bastion-dev")).contains("ALLOCATION_ID=" + allocation + "\n");
    assertThat(launchTemplate("lt-bastion-dev").metadataOptions().httpTokensAsString()).isEqualTo("required");
  }

  @Test
  void a_new_jar_digest_is_a_visible_change_that_gives_the_launch_template_a_new_version() {
    DeployInputs roll = inputs("203.0.113.7", false, "");
    create(StackPart.NETWORK, "roll", roll);
    Map<String, String> params = new java.util.LinkedHashMap<>(parameters(StackPart.WEB, "roll", roll));
    params.put("ParentArtifactsStack", StackPart.ARTIFACTS.stackName("dev"));
    String name = StackPart.WEB.stackName("roll");
    String template = TemplateRenderer.fromClasspath().render(StackPart.WEB);
    cfn.createStack(b -> b.stackName(name).templateBody(template).capabilities(Capability.CAPABILITY_IAM).parameters(parameters(params)));
    assertThat(await(name)).isEqualTo(StackStatus.CREATE_COMPLETE);
    long before = ec2.describeLaunchTemplates(b -> b.launchTemplateNames("lt-web-roll")).launchTemplates().get(0).latestVersionNumber();

    String next = "6e".repeat(32);
    params.put("ArtifactSha256", next);
    cfn.updateStack(b -> b.stackName(name).templateBody(template).capabilities(Capability.CAPABILITY_IAM).parameters(parameters(params)));
    assertThat(await(name)).isEqualTo(StackStatus.UPDATE_COMPLETE);
    long after = ec2.describeLaunchTemplates(b -> b.launchTemplateNames("lt-web-roll")).launchTemplates().get(0).latestVersionNumber();
    assertThat(after).isGreaterThan(before);
    ResponseLaunchTemplateData latest = launchTemplate("lt-web-roll");
    assertThat(latest.tagSpecifications().get(0).tags()).anyMatch(t -> t.key().equals("zerodown:agent-sha256") && t.value().equals(next));
    assertThat(userData("lt-web-roll")).contains("ARTIFACT_SHA256=" + next + "\n", "ARTIFACT_KEY=agent/" + next + "/agent.jar\n");
  }

  private static List<Parameter> parameters(Map<String, String> values) {
    return values.entrySet().stream().map(e -> Parameter.builder().parameterKey(e.getKey()).parameterValue(e.getValue()).build()).toList();
  }

  private static StackStatus await(String name) {
    for (int i = 0; i < 120; i++) {
      Stack s = cfn.describeStacks(b -> b.stackName(name)).stacks().get(0);
      if (!s.stackStatusAsString().endsWith("IN_PROGRESS")) return s.stackStatus();
      sleep(250);
    }
    throw new AssertionError(name + " still in progress after 30 s; moto log: " + MOTO.logTail());
  }

  @Test
  void dashboard_and_artifact_bucket_exist_with_the_derived_metric_names() {
    try (CloudWatchClient cw = client(CloudWatchClient.builder());
        S3Client s3 = S3Client.builder().endpointOverride(MOTO.endpoint()).region(Region.EU_WEST_3).forcePathStyle(true)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
      String body = cw.getDashboard(b -> b.dashboardName("zerodown-dev-eu-west-3")).dashboardBody();
      assertThat(body).contains("\"" + output(StackPart.NETWORK, "LoadBalancerFullName") + "\"",
          "\"" + output(StackPart.NETWORK, "TargetGroupFullName") + "\"",
          "MetricName=\\\"zerodown.http.requests.count\\\" env=\\\"dev\\\"",
          "\"value\": 3000}");  // the requests-per-instance graph's line: the TargetRequestsPerInstance default
      String bucket = output(StackPart.ARTIFACTS, "BucketName");
      assertThat(s3.listBuckets().buckets()).anyMatch(b -> b.name().equals(bucket));
    }
  }
}
