package dev.zerodown.provisioner.rollback;

import static dev.zerodown.provisioner.replay.CloudFormationReplies.empty;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.error;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.events;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.ok;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.stack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.Cli.Result;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.replay.AwsReplay;
import dev.zerodown.provisioner.replay.AwsReplay.Reply;
import dev.zerodown.provisioner.replay.CloudFormationReplies;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What continue-rollback prints and how it exits when there is nothing to roll back, when a rollback fails again,
 * when CloudFormation refuses one, for a --stack in another state and when the answer is no, against CloudFormation
 * answers replayed on a loopback socket (any stack not scripted does not exist). The sequences follow
 * ContinueUpdateRollback (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ContinueUpdateRollback.html:
 * from UPDATE_ROLLBACK_FAILED to UPDATE_ROLLBACK_COMPLETE, or UPDATE_ROLLBACK_FAILED again when a resource still
 * cannot be rolled back) and RollbackStack
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_RollbackStack.html: a stack in
 * UPDATE_FAILED or CREATE_FAILED back to its last stable state). A rollback continued without fixing its cause fails
 * again (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-continueupdaterollback.html:
 * "you must fix the error that causes the update rollback to fail before you can continue"); that it ends
 * UPDATE_ROLLBACK_FAILED again with the resource UPDATE_FAILED, and the wording of the refusal replayed here, are a
 * GUESS (the command passes CloudFormation's message through as it is). The happy paths with --skip are in
 * ReplayedStackLifecycleTest.
 */
class ContinueRollbackTest {
  private static final String WEB = "zerodown-dev-web";
  private static final String STACK = "AWS::CloudFormation::Stack";
  private static final String ASG = "AWS::AutoScaling::AutoScalingGroup";
  private static final String SIGNALS = "Received 0 SUCCESS signal(s) out of 1.  Unable to satisfy 100% "
      + "MinSuccessfulInstancesPercent requirement";
  private static final String STILL_FAILING = "The following resource(s) failed to update: [AutoScalingGroup].";

  @RegisterExtension final AwsReplay cfn = AwsReplay.forEachTest().otherwise(CloudFormationReplies::unscripted);

  private Result run(String... extra) {
    return Cli.run(args(extra));
  }

  private String[] args(String... extra) {
    String[] all = new String[extra.length + 3];
    all[0] = "continue-rollback";
    all[1] = "--endpoint-url";
    all[2] = cfn.endpoint().toString();
    System.arraycopy(extra, 0, all, 3, extra.length);
    return all;
  }

  private String hint(String verb) {
    return "java -jar provisioner.jar " + verb + " --endpoint-url " + cfn.endpoint();
  }

  private void on(String action, String stack, Reply... replies) {
    cfn.on(action + " StackName=" + stack, replies);
  }

  /** ListStackResources with the web group in UPDATE_FAILED because its rollback failed. */
  private static Reply groupFailed() {
    return ok("ListStackResources", "<StackResourceSummaries><member><LogicalResourceId>AutoScalingGroup"
        + "</LogicalResourceId><PhysicalResourceId>web-dev</PhysicalResourceId><ResourceType>" + ASG + "</ResourceType>"
        + "<LastUpdatedTimestamp>2026-11-25T10:00:00.000Z</LastUpdatedTimestamp><ResourceStatus>UPDATE_FAILED"
        + "</ResourceStatus><ResourceStatusReason>" + SIGNALS + "</ResourceStatusReason><DriftInformation>"
        + "<StackResourceDriftStatus>NOT_CHECKED</StackResourceDriftStatus></DriftInformation></member>"
        + "</StackResourceSummaries>");
  }

  /** The web stack in UPDATE_ROLLBACK_FAILED whose continued rollback fails again on its group. */
  private void webFailsAgain() {
    on("DescribeStacks", WEB, stack(WEB, "UPDATE_ROLLBACK_FAILED"), stack(WEB, "UPDATE_ROLLBACK_IN_PROGRESS"),
        stack(WEB, "UPDATE_ROLLBACK_FAILED"));
    on("ListStackResources", WEB, groupFailed());
    on("ContinueUpdateRollback", WEB, empty("ContinueUpdateRollback"));
    on("DescribeStackEvents", WEB, events(WEB, new String[] {WEB, STACK, "UPDATE_ROLLBACK_FAILED"}),
        events(WEB, new String[] {WEB, STACK, "UPDATE_ROLLBACK_FAILED", STILL_FAILING},
            new String[] {"AutoScalingGroup", ASG, "UPDATE_FAILED", SIGNALS},
            new String[] {WEB, STACK, "UPDATE_ROLLBACK_IN_PROGRESS", "User Initiated"},
            new String[] {WEB, STACK, "UPDATE_ROLLBACK_FAILED"}));
  }

  /** The web stack in UPDATE_FAILED (rollback disabled) that RollbackStack brings back. */
  private void webRollsBack() {
    on("DescribeStacks", WEB, stack(WEB, "UPDATE_FAILED"), stack(WEB, "UPDATE_ROLLBACK_IN_PROGRESS"),
        stack(WEB, "UPDATE_ROLLBACK_COMPLETE"));
    on("RollbackStack", WEB, ok("RollbackStack", "<StackId>" + CloudFormationReplies.arn(WEB) + "</StackId>"));
    on("DescribeStackEvents", WEB, events(WEB, new String[] {WEB, STACK, "UPDATE_FAILED"}),
        events(WEB, new String[] {WEB, STACK, "UPDATE_ROLLBACK_COMPLETE"},
            new String[] {WEB, STACK, "UPDATE_ROLLBACK_IN_PROGRESS", "User Initiated"},
            new String[] {WEB, STACK, "UPDATE_FAILED"}));
  }

  @Test
  void with_no_stack_in_a_failed_state_it_says_so_and_exits_0() {
    on("DescribeStacks", WEB, stack(WEB, "UPDATE_COMPLETE"));
    Result r = run("--yes");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("Nothing to roll back: no zerodown-dev stack is UPDATE_ROLLBACK_FAILED, UPDATE_FAILED "
        + "or CREATE_FAILED in eu-west-3\n");
    assertThat(r.err()).isEmpty();
    assertThat(cfn.actions()).containsOnly("DescribeStacks");
  }

  @Test
  void a_rollback_that_fails_again_lists_the_stack_and_its_reasons_on_standard_error_and_exits_1() {
    webFailsAgain();
    Result r = run("--yes");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.STACK_FAILED);
    assertThat(r.out()).startsWith(WEB + " is UPDATE_ROLLBACK_FAILED\n"
        + "  resources whose rollback failed (UPDATE_FAILED; --skip ID leaves one as it is):\n"
        + "    AutoScalingGroup (" + ASG + "): " + SIGNALS + "\n");
    assertThat(r.out()).doesNotContain("Rolled back");
    assertThat(r.err()).isEqualTo("x " + WEB + " UPDATE_ROLLBACK_FAILED\n"
        + "    AutoScalingGroup (" + ASG + ") UPDATE_FAILED: " + SIGNALS + "\n"
        + "    " + WEB + " (" + STACK + ") UPDATE_ROLLBACK_FAILED: " + STILL_FAILING + "\n"
        + "error: " + WEB + " ended UPDATE_ROLLBACK_FAILED (reasons above): run " + hint("continue-rollback")
        + " (add --skip ID for a resource that cannot be rolled back)\n");
  }

  @Test
  void cloudformation_refusing_the_rollback_exits_4_with_its_reason() {
    on("DescribeStacks", WEB, stack(WEB, "UPDATE_FAILED"));
    on("DescribeStackEvents", WEB, events(WEB, new String[] {WEB, STACK, "UPDATE_FAILED"}));
    on("RollbackStack", WEB, error("ValidationError", "Stack " + WEB + " is in UPDATE_IN_PROGRESS state and can not "
        + "be rolled back"));
    Result r = run("--yes");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.PRECONDITION);
    assertThat(r.err()).isEqualTo("error: " + WEB + ": CloudFormation refused the rollback: Stack " + WEB
        + " is in UPDATE_IN_PROGRESS state and can not be rolled back\n");
  }

  @Test
  void a_stack_asked_for_by_name_in_another_failed_state_is_refused_naming_its_way_out() {
    on("DescribeStacks", WEB, stack(WEB, "ROLLBACK_FAILED"));
    Result r = run("--yes", "--stack", "web");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.PRECONDITION);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("error: " + WEB + " is ROLLBACK_FAILED, not UPDATE_ROLLBACK_FAILED, UPDATE_FAILED "
        + "or CREATE_FAILED: nothing to roll back; delete it with " + hint("destroy")
        + " (or `aws cloudformation delete-stack --stack-name " + WEB + "`)\n");
    assertThat(cfn.actions()).containsExactly("DescribeStacks");
  }

  @Test
  void answering_no_rolls_nothing_back_and_exits_5() {
    webRollsBack();
    Result r = Cli.run(Cli.host(true, "n\n"), args("--no-color"));
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.NOT_CONFIRMED);
    assertThat(r.out()).isEqualTo(WEB + " is UPDATE_FAILED\nRoll back " + WEB + "? [y/N] ");
    assertThat(r.err()).isEqualTo("error: nothing rolled back\n");
    assertThat(cfn.actions()).doesNotContain("RollbackStack");
  }

  @Test
  void rollback_stack_brings_an_update_failed_stack_back_and_names_deploy() {
    webRollsBack();
    Result r = run("--yes");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith(WEB + " is UPDATE_FAILED\n")
        .endsWith("Rolled back: " + WEB + ". Fix the cause, then run " + hint("deploy") + "\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void with_output_json_the_stacks_rolled_back_are_one_document_on_standard_output() {
    webRollsBack();
    Result r = run("--yes", "--output", "json");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("{\n  \"rolledBack\": [\n    \"" + WEB + "\"\n  ],\n  \"failed\": {}\n}\n");
    assertThat(r.err()).startsWith(WEB + " is UPDATE_FAILED\n")
        .endsWith("Rolled back: " + WEB + ". Fix the cause, then run " + hint("deploy") + "\n");
  }

  @Test
  void with_output_json_a_rollback_that_failed_again_is_in_the_document_with_its_status_and_reasons() {
    webFailsAgain();
    Result r = run("--yes", "--output", "json");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.STACK_FAILED);
    assertThat(r.out()).isEqualTo("{\n  \"rolledBack\": [],\n  \"failed\": {\n    \"" + WEB + "\": {\n"
        + "      \"status\": \"UPDATE_ROLLBACK_FAILED\",\n      \"reasons\": [\n        \"AutoScalingGroup (" + ASG
        + ") UPDATE_FAILED: " + SIGNALS + "\",\n        \"" + WEB + " (" + STACK
        + ") UPDATE_ROLLBACK_FAILED: " + STILL_FAILING + "\"\n      ]\n    }\n  }\n}\n");
    assertThat(r.err()).endsWith("x " + WEB + " UPDATE_ROLLBACK_FAILED\n"
        + "    AutoScalingGroup (" + ASG + ") UPDATE_FAILED: " + SIGNALS + "\n"
        + "    " + WEB + " (" + STACK + ") UPDATE_ROLLBACK_FAILED: " + STILL_FAILING + "\n"
        + "error: " + WEB + " ended UPDATE_ROLLBACK_FAILED (reasons above): run " + hint("continue-rollback")
        + " (add --skip ID for a resource that cannot be rolled back)\n");
  }

  @Test
  void with_output_json_and_nothing_to_roll_back_the_document_is_empty() {
    Result r = run("--yes", "--output", "json");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("{\n  \"rolledBack\": [],\n  \"failed\": {}\n}\n");
    assertThat(r.err()).startsWith("Nothing to roll back: ");
  }

  @Test
  void the_json_document_keeps_its_keys_in_one_order() {
    RollbackReport report = new RollbackReport(List.of("zerodown-dev-database", WEB), List.of(), verb -> verb);
    Map<String, Object> document = report.document();
    assertThat(document.keySet()).containsExactly("rolledBack", "failed");
    assertThat(report.lines()).containsExactly("Rolled back: zerodown-dev-database, " + WEB
        + ". Fix the cause, then run deploy");
  }
}
