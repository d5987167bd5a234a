package dev.zerodown.provisioner.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.Cli.Result;
import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.artifacts.ArtifactsGateway;
import dev.zerodown.provisioner.cfn.Template;
import dev.zerodown.provisioner.environment.StackPart;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.render.TemplateRenderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Changes, plan and destroy against moto_server, state reset before each test. */
class DeployLifecycleTest {
  @RegisterExtension static final MotoAccount moto = new MotoAccount();

  private String endpoint() {
    return moto.endpoint().toString();
  }

  @Test
  void a_changed_parameter_updates_only_the_stack_that_takes_it() {
    assertThat(Cli.run(DeployedEnvironmentTest.deployArgs(moto)).code()).isZero();
    Result r = Cli.run(DeployedEnvironmentTest.deployArgs(moto, "--single-nat"));
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("> parameter SingleNatGateway: false -> true")
        .contains("zerodown-dev-network: UPDATE_COMPLETE").contains("zerodown-dev-artifacts: up to date")
        .contains("zerodown-dev-bastion: up to date").contains("zerodown-dev-web: up to date");
    assertThat(moto.cfn().describe("zerodown-dev-network").orElseThrow().parameters()).containsEntry("SingleNatGateway", "true");
  }

  /**
   * Issue 17: a parameter zerodown does not set, changed out of band (here NoncurrentVersionExpirationDays), keeps its
   * value through the next deploy (UsePreviousValue, https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Parameter.html)
   * and plan lists it as kept.
   */
  @Test
  void a_parameter_changed_out_of_band_keeps_its_value_through_deploy_and_plan_lists_it_as_kept() {
    assertThat(Cli.run(DeployedEnvironmentTest.deployArgs(moto)).code()).isZero();
    moto.aws().cloudFormation().updateStack(b -> b.stackName("zerodown-dev-artifacts").usePreviousTemplate(true).parameters(
        software.amazon.awssdk.services.cloudformation.model.Parameter.builder().parameterKey("EnvironmentName")
            .usePreviousValue(true).build(),
        software.amazon.awssdk.services.cloudformation.model.Parameter.builder().parameterKey("NoncurrentVersionExpirationDays")
            .parameterValue("7").build()));
    Result r = Cli.run(DeployedEnvironmentTest.deployArgs(moto));
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("zerodown-dev-artifacts: kept as deployed: NoncurrentVersionExpirationDays=7\n"
        + "zerodown-dev-artifacts: up to date");
    assertThat(moto.cfn().describe("zerodown-dev-artifacts").orElseThrow().parameters())
        .containsEntry("NoncurrentVersionExpirationDays", "7");
    Result plan = Cli.run("plan", "--endpoint-url", endpoint(), "--redis-endpoint", "redis.example.internal:6380",
        "--redis-cidr", "10.1.2.0/24", "--redis-security-group", "sg-0123456789abcdef0", "--my-ip", "203.0.113.7/32");
    assertThat(plan.code()).as(plan.toString()).isZero();
    assertThat(plan.out()).contains("zerodown-dev-artifacts: kept as deployed: NoncurrentVersionExpirationDays=7");
  }

  /**
   * Issue 17: the stack policies deny Update:Replace and Update:Delete on the bucket and the VPC
   * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/protect-stack-resources.html); moto stores a
   * policy (CreateStack StackPolicyBody, SetStackPolicy) and answers GetStackPolicy, without enforcing it.
   */
  @Test
  void artifacts_and_network_stacks_carry_a_policy_denying_replacement_and_deletion_of_bucket_and_vpc() {
    assertThat(Cli.run(DeployedEnvironmentTest.deployArgs(moto)).code()).isZero();
    String artifacts = moto.cfn().stackPolicy("zerodown-dev-artifacts").orElseThrow();
    String network = moto.cfn().stackPolicy("zerodown-dev-network").orElseThrow();
    for (String policy : List.of(artifacts, network)) {
      assertThat(policy).contains("{\"Effect\":\"Deny\",\"Action\":[\"Update:Replace\",\"Update:Delete\"],\"Principal\":\"*\"");
    }
    assertThat(artifacts).contains("\"LogicalResourceId/Bucket\"");
    assertThat(network).contains("\"LogicalResourceId/Vpc\"").contains("\"LogicalResourceId/SubnetAlbA\"");
  }

  @Test
  void ssh_public_key_is_imported_once_and_passed_as_key_name(@TempDir Path dir) throws Exception {
    Path pub = Files.writeString(dir.resolve("id_ed25519.pub"),
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq4VwB0zWmV7s0bZ3m0yQeQ3c2a1wA1tq0F3y1c9dZk me@laptop\n");
    Result r = Cli.run(DeployedEnvironmentTest.deployArgs(moto, "--ssh-public-key", pub.toString()));
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("key pair zerodown-dev: imported from --ssh-public-key");
    assertThat(moto.aws().ec2().describeKeyPairs(b -> b.keyNames("zerodown-dev")).keyPairs()).hasSize(1);
    assertThat(moto.cfn().describe("zerodown-dev-web").orElseThrow().parameters()).containsEntry("KeyName", "zerodown-dev");
    Result again = Cli.run(DeployedEnvironmentTest.deployArgs(moto, "--ssh-public-key", pub.toString()));
    assertThat(again.out()).doesNotContain("imported").contains("Up to date: zerodown-dev");
  }

  @Test
  void unknown_key_name_fails_the_preflight_before_any_stack() {
    Result r = Cli.run(DeployedEnvironmentTest.deployArgs(moto, "--key-name", "nobody"));
    assertThat(r.code()).isEqualTo(ExitCode.PRECONDITION);
    assertThat(r.err().strip().lines()).containsExactly("warning: Elastic IP quota unknown (Service Quotas: "
        + "NoSuchResourceException): 0 in use, this deploy adds 4, the default quota is 5 per region",
        "error: key pair 'nobody' does not exist in eu-west-3: create it (aws ec2 create-key-pair) or pass --ssh-public-key FILE");
    assertThat(moto.cfn().describe("zerodown-dev-artifacts")).isEmpty();
  }

  @Test
  void instance_type_of_another_architecture_than_the_image_parameter_fails_the_preflight() {
    Result r = Cli.run(DeployedEnvironmentTest.deployArgs(moto, "--web-instance-type", "t4g.micro",
        "--image-parameter", "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"));
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.PRECONDITION);
    assertThat(r.err()).contains("--web-instance-type t4g.micro runs arm64 but its AMI ami-").contains("is x86_64");
    assertThat(moto.cfn().describe("zerodown-dev-artifacts")).isEmpty();
  }

  @Test
  void without_an_image_parameter_each_tier_gets_al2023_for_its_instance_types_architecture() {
    Result r = Cli.run(DeployedEnvironmentTest.deployArgs(moto, "--web-instance-type", "t4g.micro"));
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).containsPattern("web AMI ami-[0-9a-f]+ \\(from /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64\\)")
        .containsPattern("bastion AMI ami-[0-9a-f]+ \\(from /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64\\)");
  }

  @Test
  void destroy_removes_what_moto_can_and_reports_the_network_stack_left_behind() {
    assertThat(Cli.run(DeployedEnvironmentTest.deployArgs(moto)).code()).isZero();
    String bucket = moto.cfn().describe("zerodown-dev-artifacts").orElseThrow().outputs().get("BucketName");
    Result r = Cli.run("destroy", "--endpoint-url", endpoint(), "--yes");
    // moto gap (AWS-EMULATOR.md): deleting the network stack always fails with DependencyViolation.
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.PARTIAL_DESTROY);
    assertThat(r.out()).contains("zerodown-dev-web: DELETE_COMPLETE").contains("zerodown-dev-bastion: DELETE_COMPLETE")
        .contains("emptied s3://" + bucket + ": 1 object version deleted").contains("zerodown-dev-artifacts: DELETE_COMPLETE");
    assertThat(r.err()).contains("Left behind:").contains("zerodown-dev-network  DELETE_FAILED")
        .containsPattern("Still there, named for zerodown-dev:\n  target group tg-web-dev\n"
            + "  Auto Scaling group web-dev\n  Auto Scaling group bastion-dev\n  VPC vpc-[0-9a-f]+ \\(made by zerodown-dev-network\\)\n")
        .endsWith("error: destroy incomplete: 1 stack left behind (listed above); fix the cause and run destroy again\n");
    // moto forgot the network stack: the next destroy finds no stack, and still lists what it left behind
    Result again = Cli.run("destroy", "--endpoint-url", endpoint(), "--yes");
    assertThat(again.code()).as(again.toString()).isEqualTo(ExitCode.PARTIAL_DESTROY);
    assertThat(again.out()).isEqualTo("Nothing to destroy: no zerodown-dev stacks in eu-west-3\n");
    assertThat(again.err().lines().toList()).hasSize(6).startsWith(
        "Still there, named for zerodown-dev (no stack deletes them any more; the next deploy fails on their names):",
        "  target group tg-web-dev").endsWith("error: destroy incomplete: 4 resources of zerodown-dev left without a "
        + "stack (listed above): against an emulator, reset it (moto: curl -X POST " + endpoint().replaceAll("/$", "")
        + "/moto-api/reset)");
    for (String part : new String[] {"web", "bastion", "artifacts"}) {
      assertThat(moto.cfn().describe("zerodown-dev-" + part)).as(part).isEmpty();
    }
    assertThat(moto.aws().s3().listBuckets().buckets()).noneMatch(b -> b.name().equals(bucket));
  }

  @Test
  void without_a_terminal_and_without_yes_deploy_stops_at_the_first_change_with_exit_5_and_creates_nothing() {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(DeployedEnvironmentTest.deployArgs(moto)));
    args.remove("--yes");
    Result r = Cli.run(args.toArray(String[]::new));
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.NOT_CONFIRMED);
    assertThat(r.err().strip().lines().reduce((a, b) -> b).orElseThrow()).isEqualTo("error: no terminal to answer "
        + "\"Create zerodown-dev-artifacts?\": pass --yes to proceed without prompts");
    assertThat(moto.cfn().describe("zerodown-dev-artifacts")).isEmpty();
  }

  @Test
  void destroy_with_nothing_deployed_succeeds() {
    Result r = Cli.run("destroy", "--endpoint-url", endpoint(), "--yes");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Nothing to destroy: no zerodown-dev stacks in eu-west-3");
  }

  @Test
  void destroy_with_nothing_deployed_prints_one_json_document_with_deleted_leftovers_and_resources_in_order() {
    Result r = Cli.run("destroy", "--endpoint-url", endpoint(), "--yes", "--output", "json");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("{\n  \"deleted\": [],\n  \"leftovers\": {},\n  \"resources\": []\n}\n");
    assertThat(r.err()).isEqualTo("Nothing to destroy: no zerodown-dev stacks in eu-west-3\n");
  }

  @Test
  void plan_on_a_fresh_account_shows_change_sets_and_leaves_nothing_behind() {
    Result r = Cli.run("plan", "--endpoint-url", endpoint(), "--redis-endpoint", "redis.example.internal:6379",
        "--redis-cidr", "10.1.2.0/24", "--my-ip", "203.0.113.7/32");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("zerodown-dev-artifacts: 2 changes").contains("  + AWS::S3::Bucket")
        .contains("zerodown-dev-bastion: created after zerodown-dev-network")
        .contains("zerodown-dev-web: created after zerodown-dev-artifacts");
    assertThat(moto.aws().cloudFormation().listStacks().stackSummaries())
        .allMatch(s -> s.stackStatusAsString().equals("DELETE_COMPLETE"));
  }

  @Test
  void a_template_too_large_to_inline_travels_through_the_bucket() {
    moto.aws().s3().createBucket(b -> b.bucket("zerodown-url-test").createBucketConfiguration(c -> c.locationConstraint("eu-west-3")));
    String body = TemplateRenderer.fromClasspath().render(StackPart.ARTIFACTS);
    String url = new ArtifactsGateway(moto.aws().s3()).uploadTemplate("zerodown-url-test", "templates/abc/artifacts.yaml", body);
    assertThat(url).isEqualTo("https://zerodown-url-test.s3.eu-west-3.amazonaws.com/templates/abc/artifacts.yaml");
    moto.cfn().createStack("zerodown-url-artifacts", Template.atUrl(body, url), Map.of("EnvironmentName", "url"), Map.of());
    assertThat(moto.cfn().describe("zerodown-url-artifacts").orElseThrow().status()).isEqualTo("CREATE_COMPLETE");
    assertThat(moto.cfn().deployedTemplate("zerodown-url-artifacts").strip()).isEqualTo(body.strip());
  }
}
