package dev.zerodown.provisioner.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.Cli.Result;
import dev.zerodown.provisioner.environment.StackPart;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.render.TemplateRenderer;
import dev.zerodown.provisioner.replay.AwsReplay;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Placement against moto_server: AZs and AMI pinned by the first deploy and kept, the AMI moved only by --update-ami,
 * a network stack from before the AZ parameters keeping its subnets' AZs, and the Elastic IP preflight (moto's
 * Service Quotas knows no EIP quota; a replay on a loopback socket answers it where the test needs a known one).
 * moto refuses writes under /aws/service/, so the image parameter is the test's own.
 */
class PlacementOnMotoTest {
  @RegisterExtension static final MotoAccount moto = new MotoAccount();

  private static final String PARAMETER = "/zerodown-test/ami";
  private static String ami1;
  private static String ami2;

  @BeforeEach
  void twoImages() {
    // two x86_64 images moto knows (its DescribeImages reports their architecture to the preflight)
    List<String> images = moto.aws().ec2().describeImages(b -> b.owners("amazon")
            .filters(f -> f.name("architecture").values("x86_64"))).images().stream()
        .map(i -> i.imageId()).sorted().toList();
    assertThat(images).hasSizeGreaterThanOrEqualTo(2);
    ami1 = images.get(0);
    ami2 = images.get(1);
  }

  private static void imageParameter(String ami) {
    moto.aws().ssm().putParameter(b -> b.name(PARAMETER).value(ami).type(ParameterType.STRING).overwrite(true));
  }

  private static String[] deploy(String... extra) {
    String[] base = DeployedEnvironmentTest.deployArgs(moto, "--image-parameter", PARAMETER);
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  private static Map<String, String> parameters(StackPart part) {
    return moto.cfn().describe(part.stackName("dev")).orElseThrow().parameters();
  }

  @Test
  void the_first_deploy_pins_the_azs_and_the_ami_and_a_newer_ami_waits_for_update_ami() {
    imageParameter(ami1);
    Result first = Cli.run(deploy());
    assertThat(first.code()).as(first.toString()).isZero();
    assertThat(first.out()).contains("AZs eu-west-3a, eu-west-3b, eu-west-3c (chosen: the first 3 of 3 that qualify)",
        "web AMI " + ami1 + " (from " + PARAMETER + ")", "bastion AMI " + ami1 + " (from " + PARAMETER + ")");
    assertThat(first.err()).contains("warning: Elastic IP quota unknown (Service Quotas: NoSuchResourceException): "
        + "0 in use, this deploy adds 4, the default quota is 5 per region\n");
    assertThat(parameters(StackPart.NETWORK)).containsEntry("AvailabilityZoneA", "eu-west-3a")
        .containsEntry("AvailabilityZoneB", "eu-west-3b").containsEntry("AvailabilityZoneC", "eu-west-3c");
    assertThat(parameters(StackPart.WEB)).containsEntry("ImageId", ami1);
    assertThat(parameters(StackPart.BASTION)).containsEntry("ImageId", ami1);

    imageParameter(ami2);
    Result again = Cli.run(deploy());
    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(again.out()).contains("AZs eu-west-3a, eu-west-3b, eu-west-3c (kept from zerodown-dev-network)",
        "web AMI " + ami1 + " (kept; " + PARAMETER + " now names " + ami2 + ": --update-ami moves to it)",
        "zerodown-dev-web: up to date", "zerodown-dev-bastion: up to date", "Up to date: zerodown-dev");
    assertThat(again.err()).doesNotContain("Elastic IP");
    assertThat(parameters(StackPart.WEB)).containsEntry("ImageId", ami1);
    Result status = Cli.run("status", "--endpoint-url", moto.endpoint().toString(), "--image-parameter", PARAMETER);
    assertThat(status.out()).contains("  web     " + ami1 + "  newer: " + ami2 + " (" + PARAMETER + ")",
        "  bastion " + ami1 + "  newer: " + ami2 + " (" + PARAMETER + ")");

    Result moved = Cli.run(deploy("--update-ami"));
    assertThat(moved.code()).as(moved.toString()).isZero();
    assertThat(moved.out()).contains("web AMI " + ami2 + " (from " + PARAMETER + ", was " + ami1 + ")",
        "> parameter ImageId: " + ami1 + " -> " + ami2);
    assertThat(parameters(StackPart.WEB)).containsEntry("ImageId", ami2);
    assertThat(parameters(StackPart.BASTION)).containsEntry("ImageId", ami2);
    assertThat(Cli.run("status", "--endpoint-url", moto.endpoint().toString(), "--image-parameter", PARAMETER).out())
        .contains("  web     " + ami2 + "  current (" + PARAMETER + ")");
  }

  @Test
  void azs_other_than_the_deployed_ones_are_refused_before_anything_changes() {
    imageParameter(ami1);
    assertThat(Cli.run(deploy()).code()).isZero();
    Result r = Cli.run(deploy("--azs", "eu-west-3b,eu-west-3c,eu-west-3a"));
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.PRECONDITION);
    assertThat(r.err().strip().lines().toList()).last().isEqualTo("error: zerodown-dev-network is deployed in "
        + "eu-west-3a,eu-west-3b,eu-west-3c; --azs eu-west-3b,eu-west-3c,eu-west-3a would replace its subnets "
        + "(an AZ cannot change in place): drop --azs, or destroy the environment first");
    assertThat(parameters(StackPart.NETWORK)).containsEntry("AvailabilityZoneA", "eu-west-3a");
  }

  @Test
  void a_network_stack_from_before_the_az_parameters_keeps_the_azs_of_its_subnets() {
    imageParameter(ami1);
    String now = TemplateRenderer.fromClasspath().render(StackPart.NETWORK);
    String old = now;
    for (String[] az : new String[][] {{"A", "0"}, {"B", "1"}, {"C", "2"}}) {
      old = old.replace("!Ref AvailabilityZone" + az[0] + "\n", "!Select [" + az[1] + ", !GetAZs '']\n");
    }
    old = old.replaceAll("(?s)  AvailabilityZoneA:\n    Description.*?  SingleNatGateway:", "  SingleNatGateway:")
        .replace("        Parameters: [AvailabilityZoneA, AvailabilityZoneB, AvailabilityZoneC]\n", "        Parameters: []\n")
        .replace("    Value: !Join [',', [!Ref AvailabilityZoneA, !Ref AvailabilityZoneB, !Ref AvailabilityZoneC]]\n",
            "    Value: 'unknown'\n");
    assertThat(old).doesNotContain("Ref AvailabilityZone").contains("!GetAZs");
    String template = old;
    // every declared default passed explicitly: moto resolves a later UsePreviousValue only for keys passed before
    // (docs/aws-emulator.md), and deploy keeps the parameters it does not set with UsePreviousValue
    List<Parameter> params = new java.util.ArrayList<>(List.of(
        Parameter.builder().parameterKey("AdminCidr").parameterValue("203.0.113.7/32").build(),
        Parameter.builder().parameterKey("ExternalRedisCidr").parameterValue("10.1.2.0/24").build()));
    ((Map<?, ?>) dev.zerodown.provisioner.render.CfnYaml.parse(template).get("Parameters")).forEach((k, v) -> {
      Object byDefault = ((Map<?, ?>) v).get("Default");
      if (byDefault != null && !k.equals("ExternalRedisCidr")) {
        params.add(Parameter.builder().parameterKey(String.valueOf(k)).parameterValue(String.valueOf(byDefault)).build());
      }
    });
    moto.aws().cloudFormation().createStack(b -> b.stackName("zerodown-dev-network").templateBody(template)
        .capabilities(Capability.CAPABILITY_IAM).parameters(params));
    String subnets = moto.cfn().describe("zerodown-dev-network").orElseThrow().outputs().get("AlbSubnetIds");
    List<String> zones = List.of(subnets.split(",")).stream().map(id -> moto.aws().ec2().describeSubnets(b -> b.subnetIds(id))
        .subnets().get(0).availabilityZone()).toList();

    Result r = Cli.run(deploy());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("zerodown-dev-network was deployed before its AZs were parameters: keeping its subnets' AZs",
        "AZs " + String.join(", ", zones) + " (kept from zerodown-dev-network)").doesNotContain("!! ");
    assertThat(parameters(StackPart.NETWORK)).containsEntry("AvailabilityZoneA", zones.get(0))
        .containsEntry("AvailabilityZoneB", zones.get(1)).containsEntry("AvailabilityZoneC", zones.get(2));
  }

  @Test
  void a_known_quota_the_deploy_would_pass_is_exit_4_with_the_numbers_before_anything_is_created() throws Exception {
    imageParameter(ami1);
    for (int i = 0; i < 2; i++) moto.aws().ec2().allocateAddress(b -> b.domain(DomainType.VPC));
    try (AwsReplay quotas = AwsReplay.start().scenario("/replay/service-quotas-elastic-ips-5.txt")) {
      Result r = Cli.run(Cli.host(false, "", Map.of("AWS_ENDPOINT_URL_SERVICE_QUOTAS", quotas.endpoint().toString())),
          deploy());
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.PRECONDITION);
      assertThat(r.err().strip()).isEqualTo("error: Elastic IPs in eu-west-3: 2 in use + 4 this deploy adds = 6, over "
          + "the quota of 5: release unused addresses (aws ec2 describe-addresses), deploy with --single-nat (2 fewer), "
          + "or ask for more (Service Quotas, EC2, L-0263D0A3)");
      assertThat(quotas.calls("GetServiceQuota")).hasSize(1).first()
          .satisfies(c -> assertThat(c.body()).contains("\"QuotaCode\":\"L-0263D0A3\"").contains("\"ServiceCode\":\"ec2\""));
    }
    assertThat(moto.cfn().describe("zerodown-dev-artifacts")).isEmpty();
    assertThat(moto.aws().ec2().describeAddresses().addresses()).hasSize(2);
  }

  @Test
  void with_a_single_nat_the_same_account_fits_under_the_known_quota() throws Exception {
    imageParameter(ami1);
    for (int i = 0; i < 2; i++) moto.aws().ec2().allocateAddress(b -> b.domain(DomainType.VPC));
    try (AwsReplay quotas = AwsReplay.start().scenario("/replay/service-quotas-elastic-ips-5.txt")) {
      Result r = Cli.run(Cli.host(false, "", Map.of("AWS_ENDPOINT_URL_SERVICE_QUOTAS", quotas.endpoint().toString())),
          deploy("--single-nat"));
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.out()).contains("Elastic IPs: 2 in use + 2 this deploy adds, quota 5");
    }
  }
}
