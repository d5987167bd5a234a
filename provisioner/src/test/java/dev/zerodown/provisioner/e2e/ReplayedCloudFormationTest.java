package dev.zerodown.provisioner.e2e;

import static dev.zerodown.provisioner.e2e.CloudFormationReplay.ARTIFACTS;
import static dev.zerodown.provisioner.e2e.CloudFormationReplay.BUCKET;
import static dev.zerodown.provisioner.e2e.CloudFormationReplay.EIP_UNKNOWN;
import static dev.zerodown.provisioner.e2e.CloudFormationReplay.NETWORK;
import static dev.zerodown.provisioner.e2e.CloudFormationReplay.S3;
import static dev.zerodown.provisioner.e2e.CloudFormationReplay.STACK;
import static dev.zerodown.provisioner.e2e.CloudFormationReplay.allOutputs;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.NO_CHANGES;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.changeSet;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.createChangeSet;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.empty;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.error;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.events;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.missing;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.stack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.Cli.Result;
import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.error.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy's change-set flow against CloudFormation responses replayed on a loopback socket ({@link CloudFormationReplay}),
 * for what moto 5.2.1 does not model (AWS-EMULATOR.md): executed change sets with outputs, per-resource
 * events, rollbacks, ROLLBACK_COMPLETE, stacks busy with another operation, empty change sets. STS, EC2,
 * SSM and S3 calls still go to a real moto_server.
 *
 * <p>Each scenario's replies follow the documented AWS sequence named next to it (a detail no page states is marked
 * GUESS there and has a row in docs/aws-behaviour.md). The pages:
 * <ul>
 *   <li>[status] Stack status codes (which status follows which, e.g. ROLLBACK_IN_PROGRESS then ROLLBACK_COMPLETE after
 *       a failed create, UPDATE_COMPLETE_CLEANUP_IN_PROGRESS after an update that replaced resources):
 *       https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html#cfn-console-view-stack-data-resources-status-codes
 *       (formerly https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-describing-stacks.html)
 *   <li>[describe] DescribeStacks: "If the stack doesn't exist, a ValidationError is returned"; a deleted stack is
 *       described only by its stack ID: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html
 *   <li>[events] DescribeStackEvents: all of the stack's events, in reverse chronological order:
 *       https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackEvents.html
 *   <li>[create-cs] CreateChangeSet with ChangeSetType CREATE makes a REVIEW_IN_PROGRESS stack until the change set is
 *       executed; DescribeChangeSet reports it: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateChangeSet.html
 *   <li>[describe-cs] DescribeChangeSet's Status (CREATE_COMPLETE, FAILED with the error in StatusReason) and
 *       ExecutionStatus (AVAILABLE, UNAVAILABLE, …): https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeChangeSet.html,
 *       https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ChangeSetSummary.html
 *   <li>[execute-cs] ExecuteChangeSet starts the create or update; the stack is then followed with DescribeStacks:
 *       https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ExecuteChangeSet.html
 *   <li>[update] Monitor the progress of a stack update (UPDATE_IN_PROGRESS, per-resource events, UPDATE_COMPLETE; a
 *       replaced resource is created first and the old one deleted after):
 *       https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-monitor-stack.html
 *   <li>[delete] DeleteStack: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeleteStack.html
 *   <li>[template] "Template format error: Unrecognized resource types: [...]" and "Unresolved resource dependencies
 *       [...] in the Resources block of the template" are ValidationErrors of the call that passes the template:
 *       https://repost.aws/knowledge-center/cloudformation-template-validation
 * </ul>
 */
class ReplayedCloudFormationTest {
  @RegisterExtension static final MotoAccount moto = new MotoAccount();
  @RegisterExtension final CloudFormationReplay cfn = CloudFormationReplay.withArtifacts(moto);

  private Result deploy(String... extra) {
    return Cli.run(args(extra));
  }

  private String[] args(String... extra) {
    return cfn.args("deploy", extra);
  }



  /**
   * A first create that fails and rolls back: DescribeStacks "does not exist" [describe], CreateChangeSet CREATE
   * [create-cs], then CREATE_IN_PROGRESS, ROLLBACK_IN_PROGRESS, ROLLBACK_COMPLETE [status] ("Any resources that were
   * created during the create stack operation are deleted"); each DescribeStackEvents page holds every event so far,
   * newest first [events]. GUESS: the reasons' wording (the stack's "The following resource(s) failed to create:
   * [Bucket]." and S3's "... already exists"; observed logs often add " Rollback requested by user."), and the failed
   * bucket going straight to DELETE_COMPLETE in the rollback: no page shows a create rollback's events.
   */
  @Test
  void a_failed_create_prints_each_resource_event_and_the_failing_reason_then_exits_1() {
    String reason = BUCKET + " already exists";
    cfn.on("DescribeStacks", ARTIFACTS, missing(ARTIFACTS), stack(ARTIFACTS, "CREATE_IN_PROGRESS"),
            stack(ARTIFACTS, "ROLLBACK_IN_PROGRESS"), stack(ARTIFACTS, "ROLLBACK_COMPLETE"))
        .on("CreateChangeSet", ARTIFACTS, createChangeSet(ARTIFACTS))
        .on("DescribeChangeSet", ARTIFACTS, changeSet(ARTIFACTS, "CREATE_COMPLETE", null,
            new String[] {"Add", "Bucket", S3}, new String[] {"Add", "BucketPolicy", "AWS::S3::BucketPolicy"}))
        .on("ExecuteChangeSet", ARTIFACTS, empty("ExecuteChangeSet"))
        .on("DescribeStackEvents", ARTIFACTS,
            events(ARTIFACTS, new String[] {"Bucket", S3, "CREATE_IN_PROGRESS"},
                new String[] {ARTIFACTS, STACK, "CREATE_IN_PROGRESS", "User Initiated"}),
            events(ARTIFACTS, new String[] {ARTIFACTS, STACK, "ROLLBACK_IN_PROGRESS", "The following resource(s) failed to create: [Bucket]."},
                new String[] {"Bucket", S3, "CREATE_FAILED", reason},
                new String[] {"Bucket", S3, "CREATE_IN_PROGRESS"},
                new String[] {ARTIFACTS, STACK, "CREATE_IN_PROGRESS", "User Initiated"}),
            events(ARTIFACTS, new String[] {ARTIFACTS, STACK, "ROLLBACK_COMPLETE"},
                new String[] {"Bucket", S3, "DELETE_COMPLETE"},
                new String[] {ARTIFACTS, STACK, "ROLLBACK_IN_PROGRESS", "The following resource(s) failed to create: [Bucket]."},
                new String[] {"Bucket", S3, "CREATE_FAILED", reason},
                new String[] {"Bucket", S3, "CREATE_IN_PROGRESS"},
                new String[] {ARTIFACTS, STACK, "CREATE_IN_PROGRESS", "User Initiated"}));
    Result r = deploy("--yes");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.STACK_FAILED);
    assertThat(r.out()).contains(ARTIFACTS + ": 2 changes", "  + AWS::S3::Bucket", ARTIFACTS + ": create (2 resources)",
        " " + ARTIFACTS + " CREATE_IN_PROGRESS AWS::S3::Bucket Bucket",
        " " + ARTIFACTS + " CREATE_FAILED AWS::S3::Bucket Bucket - " + reason,
        " " + ARTIFACTS + " DELETE_COMPLETE AWS::S3::Bucket Bucket", ARTIFACTS + ": ROLLBACK_COMPLETE");
    assertThat(r.err()).contains("x " + ARTIFACTS + " ROLLBACK_COMPLETE\n    Bucket (AWS::S3::Bucket) CREATE_FAILED: " + reason)
        .endsWith("error: deploy stopped: " + ARTIFACTS + " ended ROLLBACK_COMPLETE (reasons above); fix the cause, "
            + "then deploy again (it offers to delete and recreate the stack)\n");
    assertThat(cfn.actions()).doesNotContain("CreateChangeSet " + NETWORK);
  }

  /**
   * ROLLBACK_COMPLETE allows only a delete [status]: DeleteStack [delete] by stack ID, followed (by ID) through
   * DELETE_IN_PROGRESS to DELETE_COMPLETE; described by name afterwards the deleted stack "does not exist" [describe];
   * then a new CREATE change set [create-cs] and CREATE_IN_PROGRESS, CREATE_COMPLETE [status]. The next stack's
   * CreateChangeSet fails as a template naming an undefined resource does [template]. GUESS: the ROLLBACK_COMPLETE
   * stack keeping the rollback's reason in its StackStatusReason.
   */
  @Test
  void a_stack_left_in_rollback_complete_is_deleted_and_created_again_when_confirmed() {
    cfn.on("DescribeStacks", ARTIFACTS, stack(ARTIFACTS, "ROLLBACK_COMPLETE", "The following resource(s) failed to create: [Bucket].", Map.of()),
            stack(ARTIFACTS, "DELETE_IN_PROGRESS"), stack(ARTIFACTS, "DELETE_COMPLETE"), missing(ARTIFACTS),
            stack(ARTIFACTS, "CREATE_IN_PROGRESS"), stack(ARTIFACTS, "CREATE_COMPLETE", null, allOutputs()))
        .on("DeleteStack", ARTIFACTS, empty("DeleteStack"))
        .on("CreateChangeSet", ARTIFACTS, createChangeSet(ARTIFACTS))
        .on("DescribeChangeSet", ARTIFACTS, changeSet(ARTIFACTS, "CREATE_COMPLETE", null, new String[] {"Add", "Bucket", S3}))
        .on("ExecuteChangeSet", ARTIFACTS, empty("ExecuteChangeSet"))
        .on("CreateChangeSet", NETWORK, error("ValidationError", "Template format error: Unresolved resource dependencies [Vpc] in the Resources block of the template"));
    Result r = deploy("--yes");
    assertThat(r.out()).contains(ARTIFACTS + " is ROLLBACK_COMPLETE: its first create failed (The following resource(s) "
        + "failed to create: [Bucket].); it must be deleted before it can be created again", ARTIFACTS + ": delete",
        ARTIFACTS + ": DELETE_COMPLETE", ARTIFACTS + ": CREATE_COMPLETE", "uploaded to s3://" + BUCKET + "/agent/");
    List<String> actions = cfn.actions();
    assertThat(actions.indexOf("DeleteStack " + ARTIFACTS)).isPositive()
        .isLessThan(actions.indexOf("CreateChangeSet " + ARTIFACTS));
    assertThat(cfn.requests().stream().filter(q -> "CreateChangeSet".equals(q.get("Action")) && ARTIFACTS.equals(q.get("StackName"))))
        .singleElement().satisfies(q -> assertThat(q).containsEntry("ChangeSetType", "CREATE"));
    // The run then stops at the next stack, whose template the replay rejects.
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.TEMPLATE_REJECTED);
  }

  /** ROLLBACK_COMPLETE [status], and nothing called after the answer no. */
  @Test
  void a_stack_left_in_rollback_complete_is_kept_when_the_user_says_no() {
    cfn.on("DescribeStacks", ARTIFACTS, stack(ARTIFACTS, "ROLLBACK_COMPLETE"));
    Result r = Cli.run(Cli.host(true, "n\n"), args());
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.NOT_CONFIRMED);
    assertThat(r.out()).contains("Delete " + ARTIFACTS + " and create it again? [y/N]");
    assertThat(r.err()).contains("Elastic IP quota unknown");  // painted: this run has a terminal
    assertThat(r.err().strip()).endsWith("error: " + ARTIFACTS + " stays ROLLBACK_COMPLETE: run deploy again and confirm, "
        + "or delete it with `aws cloudformation delete-stack --stack-name " + ARTIFACTS + "`");
    assertThat(cfn.actions()).noneMatch(a -> a.startsWith("DeleteStack"));
  }

  /** CreateChangeSet answers ValidationError "Template format error: Unrecognized resource types: [...]" [template]. */
  @Test
  void a_template_the_service_rejects_is_one_line_and_exit_7() {
    cfn.on("CreateChangeSet", ARTIFACTS, error("ValidationError",
        "Template format error: Unrecognized resource types: [AWS::S3::Buckett]"));
    Result r = deploy("--yes");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.TEMPLATE_REJECTED);
    assertThat(r.err()).isEqualTo(EIP_UNKNOWN + "error: " + ARTIFACTS + ": CloudFormation rejected the template: Template format "
        + "error: Unrecognized resource types: [AWS::S3::Buckett]\n");
  }

  /**
   * Every stack deployed (UPDATE_COMPLETE [status]); each change set is computed and FAILED with ExecutionStatus
   * UNAVAILABLE and the reason in StatusReason [describe-cs], so it is deleted, never executed. Each reply names the
   * stack it was asked about, as AWS's do. GUESS: the reason's
   * wording {@link dev.zerodown.provisioner.replay.CloudFormationReplies#NO_CHANGES} (no AWS page quotes it).
   */
  @Test
  void empty_change_sets_are_up_to_date_and_exit_0() {
    cfn.onEveryStack("DescribeStacks", named -> stack(named, "UPDATE_COMPLETE", null, allOutputs()))
        .onEveryStack("CreateChangeSet", named -> createChangeSet(named))
        .onEveryStack("DescribeChangeSet", named -> changeSet(named, "FAILED", NO_CHANGES))
        .on("DeleteChangeSet", null, empty("DeleteChangeSet"));
    Result r = deploy("--yes");
    assertThat(r.code()).as(r.toString()).isZero();
    for (String part : List.of("artifacts", "network", "bastion", "web")) {
      assertThat(r.out()).contains("zerodown-dev-" + part + ": up to date");
    }
    assertThat(r.out()).contains("Up to date: zerodown-dev (eu-west-3)")
        .contains("curl -s http://alb-web-dev-1.eu-west-3.elb.amazonaws.com/cgi-bin/hello.py");
    assertThat(cfn.actions()).noneMatch(a -> a.startsWith("ExecuteChangeSet"));
    assertThat(cfn.actions().stream().filter(a -> a.startsWith("DeleteChangeSet"))).hasSize(4);
  }

  /**
   * An update that replaces the bucket: after ExecuteChangeSet [execute-cs] UPDATE_IN_PROGRESS, then (a replaced
   * resource: the new one is created first, the old one deleted in the cleanup) UPDATE_COMPLETE_CLEANUP_IN_PROGRESS,
   * then UPDATE_COMPLETE [status], [update]. GUESS: the first DescribeStacks after ExecuteChangeSet still reading the
   * old UPDATE_COMPLETE (no page states how soon DescribeStacks shows the started update).
   */
  @Test
  void an_update_is_followed_past_a_stale_status_until_it_settles() {
    cfn.on("DescribeStacks", ARTIFACTS, stack(ARTIFACTS, "UPDATE_COMPLETE", null, allOutputs()),
            stack(ARTIFACTS, "UPDATE_COMPLETE", null, allOutputs()), stack(ARTIFACTS, "UPDATE_IN_PROGRESS"),
            stack(ARTIFACTS, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"), stack(ARTIFACTS, "UPDATE_COMPLETE", null, allOutputs()))
        .onEveryStack("DescribeStacks", named -> stack(named, "UPDATE_COMPLETE", null, allOutputs()))
        .onEveryStack("CreateChangeSet", named -> createChangeSet(named))
        .on("DescribeChangeSet", ARTIFACTS, changeSet(ARTIFACTS, "CREATE_COMPLETE", null,
            new String[] {"Modify", "Bucket", S3, "True"}, new String[] {"Modify", "BucketPolicy", "AWS::S3::BucketPolicy", "False"}))
        .onEveryStack("DescribeChangeSet", named -> changeSet(named, "FAILED", NO_CHANGES))
        .on("ExecuteChangeSet", ARTIFACTS, empty("ExecuteChangeSet"))
        .on("DeleteChangeSet", null, empty("DeleteChangeSet"));
    // the bucket's replacement passes the --yes guard rail only when allowed
    Result r = deploy("--yes", "--allow-replacement");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains(ARTIFACTS + ": 2 changes, 1 REPLACEMENT",
        "  > AWS::S3::Bucket        Bucket  !! REPLACEMENT", ARTIFACTS + ": update (2 resources)", ARTIFACTS + ": UPDATE_COMPLETE");
    List<String> actions = cfn.actions();
    assertThat(actions.subList(actions.indexOf("ExecuteChangeSet " + ARTIFACTS), actions.size()).stream()
        .filter(a -> a.equals("DescribeStacks " + ARTIFACTS))).hasSizeGreaterThanOrEqualTo(4);
  }

  /** Another update running: UPDATE_IN_PROGRESS, UPDATE_COMPLETE_CLEANUP_IN_PROGRESS, UPDATE_COMPLETE [status]. */
  @Test
  void a_busy_stack_is_waited_for_before_its_change_set() {
    cfn.on("DescribeStacks", ARTIFACTS, stack(ARTIFACTS, "UPDATE_IN_PROGRESS"), stack(ARTIFACTS, "UPDATE_IN_PROGRESS"),
            stack(ARTIFACTS, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"), stack(ARTIFACTS, "UPDATE_COMPLETE", null, allOutputs()))
        .onEveryStack("DescribeStacks", named -> stack(named, "UPDATE_COMPLETE", null, allOutputs()))
        .onEveryStack("CreateChangeSet", named -> createChangeSet(named))
        .onEveryStack("DescribeChangeSet", named -> changeSet(named, "FAILED", NO_CHANGES))
        .on("DeleteChangeSet", null, empty("DeleteChangeSet"));
    Result r = deploy("--yes");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains(ARTIFACTS + " is busy (UPDATE_IN_PROGRESS): waiting for that operation to finish",
        ARTIFACTS + ": UPDATE_COMPLETE", ARTIFACTS + ": up to date");
    List<String> actions = cfn.actions();
    assertThat(actions.subList(0, actions.indexOf("CreateChangeSet " + ARTIFACTS)).stream()
        .filter(a -> a.equals("DescribeStacks " + ARTIFACTS))).hasSizeGreaterThanOrEqualTo(4);
  }

  /** UPDATE_IN_PROGRESS [status] for longer than --wait-timeout. */
  @Test
  void a_stack_busy_beyond_the_wait_timeout_exits_8() {
    cfn.on("DescribeStacks", ARTIFACTS, stack(ARTIFACTS, "UPDATE_IN_PROGRESS"));
    Result r = deploy("--yes", "--wait-timeout", "1s");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.STACK_BUSY);
    assertThat(r.err().strip()).isEqualTo(EIP_UNKNOWN + "error: " + ARTIFACTS + " is still UPDATE_IN_PROGRESS after 1s: wait for it "
        + "(or cancel it in the CloudFormation console), then run the command again");
    assertThat(cfn.actions()).noneMatch(a -> a.startsWith("CreateChangeSet"));
  }

  /**
   * A first create: "does not exist" [describe], CREATE change set [create-cs], ExecuteChangeSet [execute-cs], then
   * CREATE_IN_PROGRESS [status] while the user presses Ctrl-C.
   */
  @Test
  void ctrl_c_during_an_operation_says_how_to_resume_and_exits_130(@TempDir Path dir) throws Exception {
    cfn.on("DescribeStacks", ARTIFACTS, missing(ARTIFACTS), stack(ARTIFACTS, "CREATE_IN_PROGRESS"))
        .on("CreateChangeSet", ARTIFACTS, createChangeSet(ARTIFACTS))
        .on("DescribeChangeSet", ARTIFACTS, changeSet(ARTIFACTS, "CREATE_COMPLETE", null, new String[] {"Add", "Bucket", S3}))
        .on("ExecuteChangeSet", ARTIFACTS, empty("ExecuteChangeSet"));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = ProvisionerProcess.start(Map.of("HOME", dir.toString(), "AWS_REGION", "eu-west-3",
        "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test", "AWS_EC2_METADATA_DISABLED", "true",
        "AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1"), out, err, args("--yes"));
    try {
      // a fresh JVM on a shared machine: the preflight (AZs, offerings, AMIs, Elastic IPs) comes before the create
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(120).toNanos();
      while (!Files.readString(out).contains(ARTIFACTS + ": create") && System.nanoTime() < deadline && p.isAlive()) {
        Thread.sleep(100);
      }
      assertThat(Files.readString(out)).contains(ARTIFACTS + ": create");
      new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
      assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isEqualTo(ExitCode.INTERRUPTED);
      assertThat(Files.readString(err)).contains("interrupted: " + ARTIFACTS + " is being created; CloudFormation keeps "
          + "working on it. Run the same command again to resume");
    } finally {
      p.destroyForcibly();
    }
  }
}
