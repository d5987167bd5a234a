package dev.zerodown.provisioner.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.Cli.Result;
import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.replay.AwsReplay;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * rollout through the real command line against recorded AWS responses replayed on a real loopback socket
 * ({@link AwsReplay}): moto ignores the rolling update policy and shows every target healthy at once, so the
 * instance-by-instance flow, the decision to stop, and the cancel-and-roll-back path are proven here.
 */
class RolloutReplayTest {
  static final String OLD = "506883af6260" + "0".repeat(52);
  static final String NEW = "9f8e7d6c5b4a" + "1".repeat(52);
  static final String A = "i-0aaa1111aaaa1111a";
  static final String B = "i-0bbb2222bbbb2222b";
  static final String C = "i-0ccc3333cccc3333c";
  static final String D = "i-0ddd4444dddd4444d";

  @RegisterExtension final AwsReplay aws = AwsReplay.forEachTest();

  private Result rollout(String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("rollout", "--to", NEW, "--endpoint-url",
        aws.endpoint().toString(), "--timeout", "60s"));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void follows_the_rolling_update_instance_by_instance_to_update_complete() {
    aws.scenario("/replay/rollout-success.txt");

    Result r = rollout();

    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.OK);
    // The digest was checked in the bucket, and only ArtifactSha256 changed in the update.
    assertThat(aws.calls("S3.HEAD")).singleElement().satisfies(c -> assertThat(c.params().get("path"))
        .isEqualTo("/zerodown-dev-artifacts-bucket-1a2b3c4d5e6f/agent/" + NEW + "/agent.jar"));
    Map<String, String> update = parameters(aws.calls("UpdateStack").get(0).params());
    assertThat(update).containsEntry("ArtifactSha256", NEW)
        .containsEntry("ImageId", "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")
        .containsEntry("RedisHost", "master.redis-dev.abc123.euw3.cache.amazonaws.com")
        .containsEntry("KeyName", "").hasSize(13);
    assertThat(aws.calls("UpdateStack").get(0).params()).containsEntry("StackName", "zerodown-dev-web")
        .containsKey("TemplateBody").containsEntry("Tags.member.1.Key", "zerodown:env");
    assertThat(aws.calls("CancelUpdateStack")).isEmpty();
    // One DescribeStacks(web) for the setup, then one per poll until UPDATE_COMPLETE at poll 8.
    assertThat(aws.calls("DescribeStacks").stream().filter(c -> "zerodown-dev-web".equals(c.params().get("StackName"))))
        .hasSize(9);
    assertThat(r.out())
        .contains("rolling zerodown-dev-web from agent 506883af6260 to 9f8e7d6c5b4a (2 instances, one at a time)")
        .contains("AutoScalingGroup  UPDATE_IN_PROGRESS  Rolling update initiated.")
        .contains("AutoScalingGroup  SIGNAL_RECEIVED  Received SUCCESS signal with UniqueId " + C)
        .contains(C + "  Pending:Wait/absent  [new]", C + "  Pending:Wait/absent → Pending:Proceed/initial",
            C + "  Pending:Proceed/initial → InService/healthy")
        .contains(A + "  Terminating/draining → gone")
        .containsPattern("  " + C + "  new  launched \\+[^,]+, InService \\+[^,]+, healthy \\+[^,]+, now InService/healthy")
        .containsPattern("  " + A + "  old  left rotation \\+[^,]+, gone \\+[^,]+, now gone")
        .contains("fewest instances serving at any poll: 2")
        .contains("DONE: zerodown-dev-web is UPDATE_COMPLETE with agent 9f8e7d6c5b4a; 2 new instances healthy")
        .doesNotContain("still running from before");
    int healthyC = r.out().indexOf(C + "  Pending:Proceed/initial → InService/healthy");
    int drainA = r.out().indexOf(A + "  InService/healthy → Terminating/draining");
    int healthyD = r.out().indexOf(D + "  Pending:Proceed/initial → InService/healthy");
    int drainB = r.out().indexOf(B + "  InService/healthy → Terminating/draining");
    // Each old instance leaves rotation only once a new one is healthy (D and B change in the same poll).
    assertThat(List.of(healthyC, drainA, healthyD, drainB)).doesNotContain(-1);
    assertThat(healthyC).isLessThan(drainA);
    assertThat(drainA).isLessThan(Math.min(healthyD, drainB));
  }

  @Test
  void on_a_group_without_the_hook_a_new_instance_unhealthy_while_it_boots_does_not_cancel_the_update() {
    aws.scenario("/replay/rollout-no-hook-boot.txt");

    Result r = rollout();

    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.OK);
    assertThat(aws.calls("CancelUpdateStack")).isEmpty();
    assertThat(r.out())
        .contains(C + "  InService/unhealthy → InService/healthy", D + "  InService/unhealthy → InService/healthy")
        .contains("DONE: zerodown-dev-web is UPDATE_COMPLETE with agent 9f8e7d6c5b4a; 2 new instances healthy")
        .doesNotContain("stopping:");
  }

  @Test
  void a_new_instance_whose_launch_is_abandoned_cancels_the_update_and_reports_the_rollback() {
    aws.scenario("/replay/rollout-new-instance-abandoned.txt");
    int[] healthReadsAtCancel = new int[1];
    aws.onCall("CancelUpdateStack", n -> healthReadsAtCancel[0] = aws.calls("DescribeTargetHealth").size());

    Result r = rollout();

    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.STACK_FAILED);
    assertThat(aws.calls("CancelUpdateStack")).singleElement()
        .satisfies(c -> assertThat(c.params()).containsEntry("StackName", "zerodown-dev-web"));
    // Cancelled right after the poll that saw the new instance Terminating, never registered: 1 setup read + 3 polls.
    assertThat(healthReadsAtCancel[0]).isEqualTo(4);
    String failed = "new instance " + C + " was terminated before it served (Terminating/absent): its boot failed and its "
        + "launch was abandoned";
    assertThat(r.out())
        .contains("stopping: " + failed)
        .contains("update cancelled: CloudFormation rolls zerodown-dev-web back to agent 506883af6260")
        .contains("zerodown-dev-web  UPDATE_ROLLBACK_IN_PROGRESS  Resource update cancelled")
        .contains("FAILED: " + failed + "; the update was cancelled; zerodown-dev-web is UPDATE_ROLLBACK_COMPLETE "
            + "(back on agent 506883af6260)")
        .contains("fewest instances serving at any poll: 2");
  }

  @Test
  void json_output_reports_each_instance_with_its_times() {
    aws.scenario("/replay/rollout-success.txt");

    Result r = rollout("--output", "json");

    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.OK);
    String json = r.out().replaceAll("\\s+", "");
    assertThat(json).startsWith("{").endsWith("}")
        .contains("\"succeeded\":true", "\"from\":\"" + OLD + "\"", "\"to\":\"" + NEW + "\"", "\"minServing\":2",
            "\"instanceId\":\"" + D + "\",\"replacement\":true", "\"finalStatus\":\"UPDATE_COMPLETE\"");
    assertThat(r.err()).contains("rolling zerodown-dev-web");
  }

  /** CloudFormation's query form: Parameters.member.N.ParameterKey / ParameterValue. */
  static Map<String, String> parameters(Map<String, String> form) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (int i = 1; form.containsKey("Parameters.member." + i + ".ParameterKey"); i++) {
      out.put(form.get("Parameters.member." + i + ".ParameterKey"), form.get("Parameters.member." + i + ".ParameterValue"));
    }
    return out;
  }
}
