package dev.zerodown.provisioner.e2e;

import static dev.zerodown.provisioner.e2e.CloudFormationReplay.ARTIFACTS;
import static dev.zerodown.provisioner.e2e.CloudFormationReplay.BUCKET;
import static dev.zerodown.provisioner.e2e.CloudFormationReplay.EIP_UNKNOWN;
import static dev.zerodown.provisioner.e2e.CloudFormationReplay.NETWORK;
import static dev.zerodown.provisioner.e2e.CloudFormationReplay.S3;
import static dev.zerodown.provisioner.e2e.CloudFormationReplay.STACK;
import static dev.zerodown.provisioner.e2e.CloudFormationReplay.WEB;
import static dev.zerodown.provisioner.e2e.CloudFormationReplay.allOutputs;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.NO_CHANGES;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.NS;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.arn;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.changeSet;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.changeSetExecutable;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.createChangeSet;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.empty;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.error;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.events;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.ok;
import static dev.zerodown.provisioner.replay.CloudFormationReplies.stack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.Cli.Result;
import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.replay.AwsReplay.Reply;
import dev.zerodown.provisioner.replay.AwsReplay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack lifecycle's unhappy paths (issue 17) against CloudFormation answers replayed on a loopback socket
 * ({@link CloudFormationReplay}; STS, EC2, SSM and S3 go to a real moto_server). Each sequence follows the CloudFormation API
 * reference:
 * <ul>
 *   <li>kept parameters: Parameter (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Parameter.html:
 *       UsePreviousValue "during a stack update, use the existing parameter value"; an omitted key takes the template's
 *       default) and CreateChangeSet (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateChangeSet.html);</li>
 *   <li>a retried execute: ExecuteChangeSet (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ExecuteChangeSet.html:
 *       ClientRequestToken for retries; InvalidChangeSetStatus when the change set "can't be used to update the stack",
 *       e.g. the stack is UPDATE_IN_PROGRESS) and the SDKs' standard retry of an HTTP 500
 *       (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html);</li>
 *   <li>an OBSOLETE change set: DescribeChangeSet / ChangeSetSummary ExecutionStatus
 *       (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ChangeSetSummary.html: AVAILABLE can be
 *       executed; OBSOLETE "because the stack was already updated");</li>
 *   <li>UPDATE_ROLLBACK_FAILED: ContinueUpdateRollback
 *       (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ContinueUpdateRollback.html: continues to
 *       UPDATE_ROLLBACK_COMPLETE; ResourcesToSkip only resources in UPDATE_FAILED because the rollback failed) and
 *       ListStackResources (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListStackResources.html);</li>
 *   <li>a template over 51,200 bytes: CreateChangeSet TemplateURL ("the URL of a file containing the template body",
 *       in an S3 bucket) and the TemplateBody limit (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html);</li>
 *   <li>guard rails: ResourceChange Replacement (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ResourceChange.html)
 *       and SetStackPolicy (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_SetStackPolicy.html).</li>
 * </ul>
 */
class ReplayedStackLifecycleTest {
  private static final String ASG = "AWS::AutoScaling::AutoScalingGroup";

  @RegisterExtension static final MotoAccount moto = new MotoAccount();
  @RegisterExtension final CloudFormationReplay cfn = CloudFormationReplay.withArtifacts(moto);

  private String[] args(String verb, String... extra) {
    return cfn.args(verb, extra);
  }

  /** Every stack settled and up to date, except what the test scripts for ARTIFACTS. */
  private void othersUpToDate() {
    cfn.onEveryStack("DescribeStacks", named -> stack(named, "UPDATE_COMPLETE", null, allOutputs()))
        .onEveryStack("CreateChangeSet", named -> createChangeSet(named))
        .onEveryStack("DescribeChangeSet", named -> changeSet(named, "FAILED", NO_CHANGES))
        .on("DeleteChangeSet", null, empty("DeleteChangeSet"));
  }

  private List<Map<String, String>> requests(String action, String stack) {
    return cfn.requests().stream().filter(q -> action.equals(q.get("Action")) && stack.equals(AwsReplay.stackName(q.get("StackName"))))
        .toList();
  }

  private String hint(String verb) {
    return "java -jar provisioner.jar " + verb + " --endpoint-url " + cfn.endpoint();
  }

  @Test
  void a_deployed_parameter_the_cli_does_not_set_is_passed_with_use_previous_value_and_listed_as_kept() {
    othersUpToDate();
    cfn.on("DescribeStacks", ARTIFACTS, stack(ARTIFACTS, "UPDATE_COMPLETE", null, allOutputs(),
        Map.of("EnvironmentName", "dev", "NoncurrentVersionExpirationDays", "7")));
    Result r = Cli.run(args("plan"));
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains(ARTIFACTS + ": kept as deployed: NoncurrentVersionExpirationDays=7\n");
    Map<String, String> q = requests("CreateChangeSet", ARTIFACTS).get(0);
    String member = q.entrySet().stream().filter(e -> e.getValue().equals("NoncurrentVersionExpirationDays"))
        .map(Map.Entry::getKey).findFirst().orElseThrow().replace(".ParameterKey", "");
    assertThat(q).containsEntry(member + ".UsePreviousValue", "true").doesNotContainKey(member + ".ParameterValue")
        .containsEntry("ChangeSetType", "UPDATE");
    assertThat(q.get("ClientToken")).isEqualTo(q.get("ChangeSetName"));
  }

  @Test
  void a_retried_execute_whose_first_attempt_landed_is_followed_not_failed() {
    othersUpToDate();
    cfn.on("DescribeStacks", ARTIFACTS, stack(ARTIFACTS, "UPDATE_COMPLETE", null, allOutputs()),
            stack(ARTIFACTS, "UPDATE_COMPLETE", null, allOutputs()), stack(ARTIFACTS, "UPDATE_IN_PROGRESS"),
            stack(ARTIFACTS, "UPDATE_COMPLETE", null, allOutputs()))
        .on("DescribeChangeSet", ARTIFACTS,
            changeSet(ARTIFACTS, "CREATE_COMPLETE", null, new String[] {"Modify", "BucketPolicy", "AWS::S3::BucketPolicy", "False"}),
            changeSet(ARTIFACTS, "CREATE_COMPLETE", null, new String[] {"Modify", "BucketPolicy", "AWS::S3::BucketPolicy", "False"}),
            changeSetExecutable(ARTIFACTS, "CREATE_COMPLETE", "EXECUTE_IN_PROGRESS", null,
                new String[] {"Modify", "BucketPolicy", "AWS::S3::BucketPolicy", "False"}))
        // the first attempt lands but its answer is lost (HTTP 500): the SDK retries with the same token, and
        // CloudFormation answers that the change set is executing already
        .on("ExecuteChangeSet", ARTIFACTS, new Reply(500, "<ErrorResponse xmlns=\"" + NS + "\"><Error>"
                + "<Type>Receiver</Type><Code>InternalFailure</Code><Message>An internal error occurred</Message></Error>"
                + "<RequestId>0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d</RequestId></ErrorResponse>"),
            error("InvalidChangeSetStatus", "ChangeSet [arn:aws:cloudformation:eu-west-3:123456789012:changeSet/zerodown-1/0c1d2e3f] "
                + "cannot be executed in its current execution status of [EXECUTE_IN_PROGRESS]"));
    Result r = Cli.run(args("deploy", "--yes"));
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains(ARTIFACTS + ": change set zerodown-").contains("is EXECUTE_IN_PROGRESS already: following it")
        .contains(ARTIFACTS + ": UPDATE_COMPLETE");
    List<Map<String, String>> executes = requests("ExecuteChangeSet", ARTIFACTS);
    assertThat(executes).hasSize(2);
    assertThat(executes.get(0).get("ClientRequestToken")).startsWith("exec-zerodown-")
        .isEqualTo(executes.get(1).get("ClientRequestToken"));
  }

  @Test
  void an_obsolete_change_set_is_not_executed_and_says_someone_else_changed_the_stack() {
    othersUpToDate();
    cfn.on("DescribeStacks", ARTIFACTS, stack(ARTIFACTS, "UPDATE_COMPLETE", null, allOutputs()))
        .on("DescribeChangeSet", ARTIFACTS,
            changeSet(ARTIFACTS, "CREATE_COMPLETE", null, new String[] {"Modify", "BucketPolicy", "AWS::S3::BucketPolicy", "False"}),
            changeSetExecutable(ARTIFACTS, "CREATE_COMPLETE", "OBSOLETE", null,
                new String[] {"Modify", "BucketPolicy", "AWS::S3::BucketPolicy", "False"}));
    Result r = Cli.run(args("deploy", "--yes"));
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.PRECONDITION);
    assertThat(r.err()).isEqualTo("error: " + ARTIFACTS + ": the change set is OBSOLETE: someone else changed "
        + "the stack after it was computed; run " + hint("deploy") + " again to see the change as it is now\n");
    assertThat(cfn.actions()).doesNotContain("ExecuteChangeSet " + ARTIFACTS).contains("DeleteChangeSet " + ARTIFACTS);
  }

  @Test
  void under_yes_a_change_set_replacing_the_bucket_is_refused_unless_replacement_is_allowed() {
    othersUpToDate();
    cfn.on("DescribeStacks", ARTIFACTS, stack(ARTIFACTS, "UPDATE_COMPLETE", null, allOutputs()))
        .on("DescribeChangeSet", ARTIFACTS, changeSet(ARTIFACTS, "CREATE_COMPLETE", null,
            new String[] {"Modify", "Bucket", S3, "True"}));
    Result r = Cli.run(args("deploy", "--yes"));
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.NOT_CONFIRMED);
    assertThat(r.err()).isEqualTo("error: " + ARTIFACTS + ": the change set would replace Bucket (" + S3
        + ") and its state with it: not deployed under --yes (change set deleted); review it without --yes, or add "
        + "--allow-replacement if you mean it\n");
    assertThat(cfn.actions()).doesNotContain("ExecuteChangeSet " + ARTIFACTS);
  }

  @Test
  void allow_replacement_lifts_the_stack_policy_for_the_update_and_sets_it_again_after() {
    othersUpToDate();
    cfn.on("DescribeStacks", ARTIFACTS, stack(ARTIFACTS, "UPDATE_COMPLETE", null, allOutputs()),
            stack(ARTIFACTS, "UPDATE_COMPLETE", null, allOutputs()), stack(ARTIFACTS, "UPDATE_IN_PROGRESS"),
            stack(ARTIFACTS, "UPDATE_COMPLETE", null, allOutputs()))
        .on("DescribeChangeSet", ARTIFACTS, changeSet(ARTIFACTS, "CREATE_COMPLETE", null,
            new String[] {"Modify", "Bucket", S3, "True"}))
        .on("ExecuteChangeSet", ARTIFACTS, empty("ExecuteChangeSet"));
    Result r = Cli.run(args("deploy", "--yes", "--allow-replacement"));
    assertThat(r.code()).as(r.toString()).isZero();
    List<String> actions = cfn.actions();
    int execute = actions.indexOf("ExecuteChangeSet " + ARTIFACTS);
    assertThat(actions.subList(0, execute)).contains("SetStackPolicy " + ARTIFACTS);
    assertThat(actions.subList(execute, actions.size())).contains("SetStackPolicy " + ARTIFACTS);
    List<Map<String, String>> policies = requests("SetStackPolicy", ARTIFACTS);
    assertThat(policies.get(0).get("StackPolicyBody")).doesNotContain("Deny");
    assertThat(policies.get(policies.size() - 1).get("StackPolicyBody"))
        .contains("\"Deny\"", "Update:Replace", "Update:Delete", "LogicalResourceId/Bucket");
  }

  /** ListStackResources with the web group in UPDATE_FAILED because its rollback failed. */
  private static Reply groupFailed() {
    return ok("ListStackResources", "<StackResourceSummaries><member><LogicalResourceId>AutoScalingGroup</LogicalResourceId>"
        + "<PhysicalResourceId>web-dev</PhysicalResourceId><ResourceType>" + ASG + "</ResourceType>"
        + "<LastUpdatedTimestamp>2026-11-25T10:00:00.000Z</LastUpdatedTimestamp><ResourceStatus>UPDATE_FAILED</ResourceStatus>"
        + "<ResourceStatusReason>Received 0 SUCCESS signal(s) out of 1.  Unable to satisfy 100% MinSuccessfulInstancesPercent "
        + "requirement</ResourceStatusReason><DriftInformation><StackResourceDriftStatus>NOT_CHECKED</StackResourceDriftStatus>"
        + "</DriftInformation></member></StackResourceSummaries>");
  }

  @Test
  void deploy_on_a_stack_left_update_rollback_failed_names_continue_rollback() {
    cfn.on("DescribeStacks", ARTIFACTS, stack(ARTIFACTS, "UPDATE_ROLLBACK_FAILED"));
    Result r = Cli.run(args("deploy", "--yes"));
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.PRECONDITION);
    assertThat(r.err()).isEqualTo(EIP_UNKNOWN + "error: " + ARTIFACTS + " is UPDATE_ROLLBACK_FAILED: run "
        + hint("continue-rollback") + " (add --skip ID for a resource that cannot be rolled back), then run deploy again\n");
  }

  @Test
  void status_exits_1_naming_the_failed_stack_and_its_way_out() {
    cfn.on("DescribeStacks", WEB, stack(WEB, "UPDATE_ROLLBACK_FAILED"));
    Result r = Cli.run("status", "--endpoint-url", cfn.endpoint().toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.STACK_FAILED);
    assertThat(r.out()).contains(WEB).contains("UPDATE_ROLLBACK_FAILED");
    assertThat(r.err()).endsWith("error: " + WEB + " is UPDATE_ROLLBACK_FAILED: run " + hint("continue-rollback")
        + " (add --skip ID for a resource that cannot be rolled back)\n");
  }

  @Test
  void continue_rollback_skips_the_listed_resource_and_follows_the_stack_to_update_rollback_complete() {
    cfn.on("DescribeStacks", WEB, stack(WEB, "UPDATE_ROLLBACK_FAILED"), stack(WEB, "UPDATE_ROLLBACK_IN_PROGRESS"),
            stack(WEB, "UPDATE_ROLLBACK_COMPLETE"))
        .on("ListStackResources", WEB, groupFailed())
        .on("ContinueUpdateRollback", WEB, empty("ContinueUpdateRollback"))
        .on("DescribeStackEvents", WEB, events(WEB, new String[] {WEB, STACK, "UPDATE_ROLLBACK_FAILED"}),
            events(WEB, new String[] {WEB, STACK, "UPDATE_ROLLBACK_COMPLETE"},
                new String[] {"AutoScalingGroup", ASG, "UPDATE_COMPLETE", "Resource skipped during rollback"},
                new String[] {WEB, STACK, "UPDATE_ROLLBACK_IN_PROGRESS", "User Initiated"},
                new String[] {WEB, STACK, "UPDATE_ROLLBACK_FAILED"}));
    Result r = Cli.run("continue-rollback", "--endpoint-url", cfn.endpoint().toString(), "--yes", "--skip", "AutoScalingGroup");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains(WEB + " is UPDATE_ROLLBACK_FAILED\n",
        "  resources whose rollback failed (UPDATE_FAILED; --skip ID leaves one as it is):\n"
            + "    AutoScalingGroup (" + ASG + "): Received 0 SUCCESS signal(s) out of 1.",
        WEB + ": continuing the rollback, skipping AutoScalingGroup", WEB + ": UPDATE_ROLLBACK_COMPLETE",
        "Rolled back: " + WEB + ". Fix the cause, then run " + hint("deploy"));
    assertThat(requests("ContinueUpdateRollback", WEB)).singleElement().satisfies(q -> assertThat(q)
        .containsEntry("ResourcesToSkip.member.1", "AutoScalingGroup").doesNotContainKey("ResourcesToSkip.member.2")
        .containsKey("ClientRequestToken"));
  }

  @Test
  void continue_rollback_refuses_to_skip_a_resource_whose_rollback_did_not_fail() {
    cfn.on("DescribeStacks", WEB, stack(WEB, "UPDATE_ROLLBACK_FAILED"))
        .on("ListStackResources", WEB, groupFailed());
    Result r = Cli.run("continue-rollback", "--endpoint-url", cfn.endpoint().toString(), "--yes", "--skip", "LaunchTemplate");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.PRECONDITION);
    assertThat(r.err()).isEqualTo("error: --skip LaunchTemplate: not a resource in UPDATE_FAILED of a stack in "
        + "UPDATE_ROLLBACK_FAILED (those are: AutoScalingGroup); nothing rolled back\n");
    assertThat(cfn.actions()).noneMatch(a -> a.startsWith("ContinueUpdateRollback"));
  }

  @Test
  void rollback_disabled_update_failed_is_rolled_back_with_rollback_stack() {
    cfn.on("DescribeStacks", WEB, stack(WEB, "UPDATE_FAILED"), stack(WEB, "UPDATE_ROLLBACK_IN_PROGRESS"),
            stack(WEB, "UPDATE_ROLLBACK_COMPLETE"))
        .on("RollbackStack", WEB, ok("RollbackStack", "<StackId>" + arn(WEB) + "</StackId>"));
    Result r = Cli.run("continue-rollback", "--endpoint-url", cfn.endpoint().toString(), "--yes");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains(WEB + ": UPDATE_ROLLBACK_COMPLETE");
    assertThat(requests("RollbackStack", WEB)).singleElement().satisfies(q -> assertThat(q).containsKey("ClientRequestToken"));
  }

  /**
   * DetectStackDrift (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DetectStackDrift.html),
   * DescribeStackDriftDetectionStatus (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackDriftDetectionStatus.html:
   * DETECTION_IN_PROGRESS, then DETECTION_COMPLETE with StackDriftStatus DRIFTED or IN_SYNC) and
   * DescribeStackResourceDrifts (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackResourceDrifts.html).
   */
  @Test
  void status_drift_shows_the_resources_changed_out_of_band_with_their_properties() {
    cfn.on("DescribeStacks", WEB, stack(WEB, "UPDATE_COMPLETE"))
        .on("DetectStackDrift", WEB, ok("DetectStackDrift", "<StackDriftDetectionId>b78ac9b0-dec1-11e7-a451-503a3example"
            + "</StackDriftDetectionId>"))
        .on("DescribeStackDriftDetectionStatus", null,
            ok("DescribeStackDriftDetectionStatus", "<StackId>" + arn(WEB) + "</StackId><StackDriftDetectionId>"
                + "b78ac9b0-dec1-11e7-a451-503a3example</StackDriftDetectionId><DetectionStatus>DETECTION_IN_PROGRESS"
                + "</DetectionStatus><Timestamp>2026-11-25T10:00:00.000Z</Timestamp>"),
            ok("DescribeStackDriftDetectionStatus", "<StackId>" + arn(WEB) + "</StackId><StackDriftDetectionId>"
                + "b78ac9b0-dec1-11e7-a451-503a3example</StackDriftDetectionId><StackDriftStatus>DRIFTED</StackDriftStatus>"
                + "<DetectionStatus>DETECTION_COMPLETE</DetectionStatus><DriftedStackResourceCount>1</DriftedStackResourceCount>"
                + "<Timestamp>2026-11-25T10:00:05.000Z</Timestamp>"))
        .on("DescribeStackResourceDrifts", WEB, ok("DescribeStackResourceDrifts", "<StackResourceDrifts><member><StackId>"
            + arn(WEB) + "</StackId><LogicalResourceId>AutoScalingGroup</LogicalResourceId><PhysicalResourceId>"
            + "web-dev</PhysicalResourceId><ResourceType>" + ASG + "</ResourceType><StackResourceDriftStatus>MODIFIED"
            + "</StackResourceDriftStatus><PropertyDifferences><member><PropertyPath>/MaxSize</PropertyPath><ExpectedValue>3"
            + "</ExpectedValue><ActualValue>6</ActualValue><DifferenceType>NOT_EQUAL</DifferenceType></member>"
            + "</PropertyDifferences><Timestamp>2026-11-25T10:00:05.000Z</Timestamp></member></StackResourceDrifts>"));
    Result r = Cli.run("status", "--endpoint-url", cfn.endpoint().toString(), "--drift");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Drift (changes made outside CloudFormation)\n  " + WEB + "  DRIFTED\n"
        + "    AutoScalingGroup (" + ASG + ") MODIFIED; /MaxSize: 3 -> 6\n");
  }

  @Test
  void plan_uploads_a_template_over_the_inline_limit_and_passes_its_https_url(@TempDir Path dir) throws Exception {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    for (String sub : List.of("cloudformation", "userdata")) {
      try (var files = Files.walk(repo.resolve(sub))) {
        for (Path f : files.toList()) {
          Path to = dir.resolve(repo.relativize(f).toString());
          if (Files.isDirectory(f)) Files.createDirectories(to); else Files.copy(f, to);
        }
      }
    }
    Path network = dir.resolve("cloudformation/network.yaml");
    Files.writeString(network, Files.readString(network) + "\n# padding\n" + ("#" + "x".repeat(99) + "\n").repeat(520));
    othersUpToDate();
    Result r = Cli.run(args("plan", "--template-dir", dir.toString()));
    assertThat(r.code()).as(r.toString()).isZero();
    Map<String, String> q = requests("CreateChangeSet", NETWORK).get(0);
    assertThat(q).doesNotContainKey("TemplateBody");
    String url = q.get("TemplateURL");
    assertThat(url).matches("https://" + BUCKET + "\\.s3\\.eu-west-3\\.amazonaws\\.com/templates/[0-9a-f]{64}/network\\.yaml");
    assertThat(r.out()).contains(NETWORK + ": template (").contains("uploaded to " + url);
    String key = url.substring(url.indexOf("/templates/") + 1);
    assertThat(moto.aws().s3().headObject(b -> b.bucket(BUCKET).key(key)).contentLength()).isGreaterThan(51_200L);
  }
}
