package dev.zerodown.provisioner.e2e;

import static dev.zerodown.provisioner.e2e.CloudFormationReplay.BASTION;
import static dev.zerodown.provisioner.e2e.CloudFormationReplay.DATABASE;
import static dev.zerodown.provisioner.e2e.CloudFormationReplay.STACK;
import static dev.zerodown.provisioner.e2e.CloudFormationReplay.WEB;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.empty;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.events;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.ok;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.stack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.Cli.Result;
import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.replay.AwsReplay.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * destroy against CloudFormation answers replayed on a loopback socket ({@link CloudFormationReplay}), for the failed
 * teardowns moto does not model (after a failed delete it forgets the stack, AWS-EMULATOR.md).
 *
 * <p>The sequences follow the CloudFormation API reference: DeleteStack
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeleteStack.html: deletion starts once
 * the call returns; RetainResources only for a stack in DELETE_FAILED), DescribeStacks
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html: DELETE_IN_PROGRESS,
 * then DELETE_COMPLETE or DELETE_FAILED with the stack still listed), DescribeStackEvents
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackEvents.html: newest first, a
 * resource's DELETE_FAILED carries its reason), ListStackResources
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListStackResources.html), and the
 * troubleshooting guide's "Delete stack fails" (a resource with a dependent object, such as a security group
 * still used by an ENI: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/troubleshooting.html).
 */
class ReplayedDestroyTest {
  private static final String SG = "AWS::EC2::SecurityGroup";
  private static final String SG_REASON = "resource sg-0a1b2c3d4e5f60718 has a dependent object "
      + "(Service: Ec2, Status Code: 400, Request ID: 1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f)";

  @RegisterExtension static final MotoAccount moto = new MotoAccount();
  @RegisterExtension final CloudFormationReplay cfn = CloudFormationReplay.inFrontOf(moto);

  private Result destroy(String... extra) {
    List<String> a = new ArrayList<>(List.of("destroy", "--endpoint-url", cfn.endpoint().toString(), "--yes"));
    a.addAll(List.of(extra));
    return Cli.run(a.toArray(String[]::new));
  }

  /** ListStackResources with one security group in {@code status}. */
  private static Reply resources(String stack, String status, String reason) {
    return ok("ListStackResources", "<StackResourceSummaries><member><LogicalResourceId>WebSecurityGroup</LogicalResourceId>"
        + "<PhysicalResourceId>sg-0a1b2c3d4e5f60718</PhysicalResourceId><ResourceType>" + SG + "</ResourceType>"
        + "<LastUpdatedTimestamp>2026-11-25T10:00:00.000Z</LastUpdatedTimestamp><ResourceStatus>" + status
        + "</ResourceStatus>" + (reason == null ? "" : "<ResourceStatusReason>" + reason
        + "</ResourceStatusReason>") + "<DriftInformation><StackResourceDriftStatus>NOT_CHECKED</StackResourceDriftStatus>"
        + "</DriftInformation></member></StackResourceSummaries>");
  }

  /** The events a first, failed deletion left: the stack's DELETE_FAILED after its security group's. */
  private static String[][] firstFailure() {
    return new String[][] {
        {WEB, STACK, "DELETE_FAILED", "The following resource(s) failed to delete: [WebSecurityGroup]. "},
        {"WebSecurityGroup", SG, "DELETE_FAILED", SG_REASON},
        {"WebSecurityGroup", SG, "DELETE_IN_PROGRESS"},
        {WEB, STACK, "DELETE_IN_PROGRESS", "User Initiated"}};
  }

  private static String[][] concat(String[][] newer, String[][] older) {
    List<String[]> all = new ArrayList<>(List.of(newer));
    all.addAll(List.of(older));
    return all.toArray(String[][]::new);
  }

  @Test
  void a_stack_left_delete_failed_is_deleted_again_and_followed_to_delete_complete() {
    String[][] retry = {{WEB, STACK, "DELETE_COMPLETE"}, {"WebSecurityGroup", SG, "DELETE_COMPLETE"},
        {"WebSecurityGroup", SG, "DELETE_IN_PROGRESS"}, {WEB, STACK, "DELETE_IN_PROGRESS", "User Initiated"}};
    cfn.on("DescribeStacks", WEB, stack(WEB, "DELETE_FAILED"), stack(WEB, "DELETE_FAILED"),
            stack(WEB, "DELETE_IN_PROGRESS"), stack(WEB, "DELETE_COMPLETE"))
        .on("DescribeStackEvents", WEB, events(WEB, firstFailure()), events(WEB, concat(retry, firstFailure())))
        .on("ListStackResources", WEB, resources(WEB, "DELETE_FAILED", SG_REASON))
        .on("DeleteStack", WEB, empty("DeleteStack"));
    Result r = destroy();
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(cfn.actions()).contains("DeleteStack " + WEB);
    assertThat(r.out()).contains(WEB + " is DELETE_FAILED: deleting it", WEB + ": DELETE_COMPLETE",
        "Destroyed zerodown-dev: 1 stack deleted");
  }

  @Test
  void a_second_delete_failed_lists_the_failing_resources_and_offers_retain() {
    String[][] retry = {{WEB, STACK, "DELETE_FAILED", "The following resource(s) failed to delete: [WebSecurityGroup]. "},
        {"WebSecurityGroup", SG, "DELETE_FAILED", SG_REASON}, {"WebSecurityGroup", SG, "DELETE_IN_PROGRESS"},
        {WEB, STACK, "DELETE_IN_PROGRESS", "User Initiated"}};
    cfn.on("DescribeStacks", WEB, stack(WEB, "DELETE_FAILED"), stack(WEB, "DELETE_FAILED"),
            stack(WEB, "DELETE_IN_PROGRESS"), stack(WEB, "DELETE_FAILED"))
        .on("DescribeStackEvents", WEB, events(WEB, firstFailure()), events(WEB, concat(retry, firstFailure())))
        .on("ListStackResources", WEB, resources(WEB, "DELETE_FAILED", SG_REASON))
        .on("DeleteStack", WEB, empty("DeleteStack"));
    Result r = destroy();
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.PARTIAL_DESTROY);
    assertThat(r.err()).contains("Left behind:\n  " + WEB + "  DELETE_FAILED: WebSecurityGroup (" + SG + ") DELETE_FAILED: "
            + SG_REASON + "; ")
        .contains("Deletion failed twice for these resources:\n  WebSecurityGroup (" + SG + "): " + SG_REASON + "\n"
            + "To delete the stacks and keep these resources (then delete them yourself), run: destroy --retain "
            + "WebSecurityGroup\n")
        .endsWith("error: destroy incomplete: 1 stack left behind (listed above); fix the cause and run destroy again\n");
  }

  @Test
  void retain_passes_the_failing_resource_to_delete_stack_and_nothing_else() {
    cfn.on("DescribeStacks", WEB, stack(WEB, "DELETE_FAILED"), stack(WEB, "DELETE_FAILED"),
            stack(WEB, "DELETE_IN_PROGRESS"), stack(WEB, "DELETE_COMPLETE"))
        .on("DescribeStackEvents", WEB, events(WEB, firstFailure()))
        .on("ListStackResources", WEB, resources(WEB, "DELETE_FAILED", SG_REASON))
        .on("DeleteStack", WEB, empty("DeleteStack"));
    Result r = destroy("--retain", "WebSecurityGroup", "--retain", "NotInThisStack");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains(WEB + ": deleting it and keeping WebSecurityGroup");
    assertThat(cfn.requests().stream().filter(q -> "DeleteStack".equals(q.get("Action")))).singleElement()
        .satisfies(q -> assertThat(q).containsEntry("RetainResources.member.1", "WebSecurityGroup")
            .doesNotContainKey("RetainResources.member.2"));
  }

  /** A first create that rolled back (ROLLBACK_COMPLETE) is simply deleted: destroy never asks deploy's "create it again?". */
  @Test
  void a_stack_left_rollback_complete_is_deleted_without_deploys_recreate_question() {
    cfn.on("DescribeStacks", WEB, stack(WEB, "ROLLBACK_COMPLETE"), stack(WEB, "ROLLBACK_COMPLETE"),
            stack(WEB, "DELETE_IN_PROGRESS"), stack(WEB, "DELETE_COMPLETE"))
        .on("DescribeStackEvents", WEB, events(WEB, new String[] {WEB, STACK, "ROLLBACK_COMPLETE"}),
            events(WEB, new String[] {WEB, STACK, "DELETE_COMPLETE"}, new String[] {WEB, STACK, "DELETE_IN_PROGRESS", "User Initiated"},
                new String[] {WEB, STACK, "ROLLBACK_COMPLETE"}))
        .on("ListStackResources", WEB, resources(WEB, "DELETE_COMPLETE", null))
        .on("DeleteStack", WEB, empty("DeleteStack"));
    Result r = destroy();
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("  - " + WEB + " (ROLLBACK_COMPLETE)", WEB + ": DELETE_COMPLETE")
        .doesNotContain("create it again");
    assertThat(cfn.requests().stream().filter(q -> "DeleteStack".equals(q.get("Action")))).singleElement()
        .satisfies(q -> assertThat(q.get("ClientRequestToken")).startsWith(WEB + "-delete-"));
  }

  @Test
  void a_wave_with_one_failing_stack_still_follows_the_other_and_lists_what_is_left() {
    cfn.on("DescribeStacks", DATABASE, stack(DATABASE, "UPDATE_IN_PROGRESS"))
        .on("DescribeStacks", BASTION, stack(BASTION, "CREATE_COMPLETE"), stack(BASTION, "CREATE_COMPLETE"),
            stack(BASTION, "DELETE_IN_PROGRESS"), stack(BASTION, "DELETE_COMPLETE"))
        .on("DescribeStackEvents", BASTION, events(BASTION, new String[] {BASTION, STACK, "CREATE_COMPLETE"}),
            events(BASTION, new String[] {BASTION, STACK, "DELETE_COMPLETE"},
                new String[] {BASTION, STACK, "DELETE_IN_PROGRESS", "User Initiated"},
                new String[] {BASTION, STACK, "CREATE_COMPLETE"}))
        .on("ListStackResources", null, resources(BASTION, "CREATE_COMPLETE", null))
        .on("DeleteStack", BASTION, empty("DeleteStack"));
    Result r = destroy("--wait-timeout", "1s");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.PARTIAL_DESTROY);
    assertThat(r.out()).contains(BASTION + ": DELETE_COMPLETE");
    assertThat(r.err()).contains("Left behind:\n  " + DATABASE + "  not deleted: " + DATABASE
        + " is still UPDATE_IN_PROGRESS after 1s");
    assertThat(cfn.actions()).contains("DeleteStack " + BASTION).doesNotContain("DeleteStack " + DATABASE);
  }
}
