package dev.zerodown.provisioner.replay;

import dev.zerodown.provisioner.replay.AwsReplay.Call;
import dev.zerodown.provisioner.replay.AwsReplay.Reply;
import java.util.Map;
import java.util.Optional;

/**
 * CloudFormation answers for {@link AwsReplay}, in the XML shapes of the query protocol (API version 2010-05-15)
 * that AWS returns: ErrorResponse/ValidationError, DescribeStacksResult, DescribeStackEvents pages (newest first),
 * change sets. {@link #unscripted} answers what a test does not script as AWS does for a stack nobody touched.
 *
 * <p>The shapes follow the API reference: the error response and its codes,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/CommonErrors.html; DescribeStacks ("If the stack
 * doesn't exist, a ValidationError is returned"),
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html and API_Stack.html;
 * DescribeStackEvents (every event, in reverse chronological order),
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackEvents.html and
 * API_StackEvent.html; CreateChangeSet (Id, StackId), API_CreateChangeSet.html; DescribeChangeSet (Status,
 * StatusReason, ExecutionStatus, Changes of ResourceChange), API_DescribeChangeSet.html, API_ChangeSetSummary.html,
 * API_ResourceChange.html. Which reply follows which is the test's, next to each scenario (e.g.
 * e2e.ReplayedCloudFormationTest). GUESS, each with a row in docs/aws-behaviour.md: the wording of {@link #missing}'s
 * message and of {@link #NO_CHANGES} (observed, quoted on no AWS page); ExecutionStatus UNAVAILABLE for a FAILED change
 * set; an unscripted DescribeStackEvents as an empty page.
 */
public final class CloudFormationReplies {
  public static final String NS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
  /** The StatusReason of a change set that FAILED because it holds no change. */
  public static final String NO_CHANGES =
      "The submitted information didn't contain changes. Submit different information to create a change set.";

  private CloudFormationReplies() {}

  /** Whether {@code call} is a CloudFormation one (the query protocol's Version 2010-05-15). */
  public static boolean isCloudFormation(Call call) {
    return "2010-05-15".equals(call.params().get("Version"));
  }

  /** The stack a CloudFormation call names (by name or by ARN), or null. */
  public static String stackOf(Call call) {
    return AwsReplay.stackName(call.params().get("StackName"));
  }

  /**
   * For {@link AwsReplay#otherwise}: an unscripted DescribeStacks answers "does not exist", DescribeStackEvents an
   * empty page, SetStackPolicy, UpdateTerminationProtection and GetStackPolicy are accepted as AWS does (no data; no
   * policy set), any other CloudFormation action an HTTP 500 naming it; other services' calls are left alone.
   */
  public static Optional<Reply> unscripted(Call call) {
    if (!isCloudFormation(call)) return Optional.empty();
    String stack = stackOf(call);
    return Optional.of(switch (call.action()) {
      case "DescribeStacks" -> missing(stack);
      case "DescribeStackEvents" -> events(stack);
      case "SetStackPolicy" -> empty("SetStackPolicy");
      case "UpdateTerminationProtection" -> ok("UpdateTerminationProtection", "<StackId>" + arn(stack) + "</StackId>");
      case "GetStackPolicy" -> empty("GetStackPolicy");
      default -> new Reply(500, "<unscripted action=\"" + call.action() + "\" stack=\"" + stack + "\"/>");
    });
  }

  public static String arn(String stack) {
    return "arn:aws:cloudformation:eu-west-3:123456789012:stack/" + stack + "/5b1f3a60-ca4d-11f0-9d1c-0a1b2c3d4e5f";
  }

  private static String meta() {
    return "<ResponseMetadata><RequestId>7f9a2c1e-1b2d-4c3e-8f40-5a6b7c8d9e0f</RequestId></ResponseMetadata>";
  }

  public static Reply ok(String action, String result) {
    return new Reply(200, "<" + action + "Response xmlns=\"" + NS + "\"><" + action + "Result>" + result + "</" + action
        + "Result>" + meta() + "</" + action + "Response>");
  }

  public static Reply error(String code, String message) {
    return new Reply(400, "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code
        + "</Code><Message>" + esc(message) + "</Message></Error><RequestId>3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f</RequestId></ErrorResponse>");
  }

  public static Reply missing(String stack) {
    return error("ValidationError", "Stack with id " + stack + " does not exist");
  }

  public static Reply stack(String stack, String status) {
    return stack(stack, status, null, Map.of());
  }

  public static Reply stack(String stack, String status, String reason, Map<String, String> outputs) {
    return stack(stack, status, reason, outputs, Map.of());
  }

  /** DescribeStacks of one stack with its outputs and its parameters (as deployed). */
  public static Reply stack(String stack, String status, String reason, Map<String, String> outputs,
      Map<String, String> parameters) {
    StringBuilder p = new StringBuilder();
    parameters.forEach((k, v) -> p.append("<member><ParameterKey>").append(k).append("</ParameterKey><ParameterValue>")
        .append(esc(v)).append("</ParameterValue></member>"));
    StringBuilder o = new StringBuilder();
    outputs.forEach((k, v) -> o.append("<member><OutputKey>").append(k).append("</OutputKey><OutputValue>")
        .append(esc(v)).append("</OutputValue></member>"));
    return ok("DescribeStacks", "<Stacks><member><StackId>" + arn(stack) + "</StackId><StackName>" + stack
        + "</StackName><CreationTime>2026-11-25T10:00:00.000Z</CreationTime><StackStatus>" + status + "</StackStatus>"
        + (reason == null ? "" : "<StackStatusReason>" + esc(reason) + "</StackStatusReason>")
        + "<Parameters>" + p + "</Parameters><Outputs>" + o + "</Outputs><Tags/><EnableTerminationProtection>false</EnableTerminationProtection>"
        + "</member></Stacks>");
  }

  /** One DescribeStackEvents page, newest first as AWS returns them; each event is {logicalId, type, status, reason}. */
  public static Reply events(String stack, String[]... newestFirst) {
    StringBuilder sb = new StringBuilder("<StackEvents>");
    int n = newestFirst.length;
    for (String[] e : newestFirst) {
      sb.append("<member><StackId>").append(arn(stack)).append("</StackId><EventId>").append(e[0]).append('-').append(n)
          .append("</EventId><StackName>").append(stack).append("</StackName><LogicalResourceId>").append(e[0])
          .append("</LogicalResourceId><PhysicalResourceId/><ResourceType>").append(e[1])
          .append("</ResourceType><Timestamp>2026-11-25T10:00:").append(String.format("%02d", n))
          .append(".000Z</Timestamp><ResourceStatus>").append(e[2]).append("</ResourceStatus>")
          .append(e.length > 3 ? "<ResourceStatusReason>" + esc(e[3]) + "</ResourceStatusReason>" : "").append("</member>");
      n--;
    }
    return ok("DescribeStackEvents", sb.append("</StackEvents>").toString());
  }

  public static Reply createChangeSet(String stack) {
    return ok("CreateChangeSet", "<Id>arn:aws:cloudformation:eu-west-3:123456789012:changeSet/zerodown-1/0c1d2e3f</Id>"
        + "<StackId>" + arn(stack) + "</StackId>");
  }

  /** A computed change set; each change is {action, logicalId, type, replacement}. */
  public static Reply changeSet(String stack, String status, String reason, String[]... changes) {
    return changeSetExecutable(stack, status, "FAILED".equals(status) ? "UNAVAILABLE" : "AVAILABLE", reason, changes);
  }

  /** As above with an explicit ExecutionStatus (AVAILABLE, OBSOLETE, EXECUTE_IN_PROGRESS, …). */
  public static Reply changeSetExecutable(String stack, String status, String executionStatus, String reason,
      String[]... changes) {
    StringBuilder sb = new StringBuilder();
    for (String[] c : changes) {
      sb.append("<member><Type>Resource</Type><ResourceChange><Action>").append(c[0]).append("</Action><LogicalResourceId>")
          .append(c[1]).append("</LogicalResourceId><ResourceType>").append(c[2]).append("</ResourceType>")
          .append(c.length > 3 ? "<Replacement>" + c[3] + "</Replacement>" : "").append("<Scope/><Details/></ResourceChange></member>");
    }
    return ok("DescribeChangeSet", "<ChangeSetName>zerodown-1</ChangeSetName><StackName>" + stack + "</StackName><StackId>"
        + arn(stack) + "</StackId><Status>" + status + "</Status>"
        + (reason == null ? "" : "<StatusReason>" + esc(reason) + "</StatusReason>")
        + "<ExecutionStatus>" + executionStatus + "</ExecutionStatus>"
        + "<Changes>" + sb + "</Changes>");
  }

  /** A result without data (DeleteStack's response has no Result element at all). */
  public static Reply empty(String action) {
    return new Reply(200, "<" + action + "Response xmlns=\"" + NS + "\">" + (action.equals("DeleteStack") ? "" : "<" + action
        + "Result/>") + meta() + "</" + action + "Response>");
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
