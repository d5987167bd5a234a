package dev.zerodown.provisioner.aws;

import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The one translation of ElastiCache's refusals into a line the user can act on, with an exit code of
 * {@link ExitCode}: the group or node not in a state to fail over, TestFailover unavailable or used up, the group or
 * node group gone are preconditions (4); denied and anything else go to {@link AwsFailures#translate} (3, 1).
 * Error codes as the ElastiCache API reference names them for TestFailover
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_TestFailover.html#API_TestFailover_Errors).
 */
public final class ElastiCacheFailures {
  private ElastiCacheFailures() {}

  /**
   * @param action the API action that failed (TestFailover, DescribeEvents, …)
   * @param replicationGroupId the group it was about (may be null)
   * @param nodeGroupId the node group it was about (may be null)
   */
  public static UserException translate(AwsServiceException e, String action, String replicationGroupId,
      String nodeGroupId) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    String said = AwsFailures.oneLine(e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
    String why = " (" + code + (said.isEmpty() ? "" : ": " + said) + ")";
    String group = replicationGroupId == null ? "the replication group" : replicationGroupId;
    if (code == null) return AwsFailures.translate(e);
    return switch (code) {
      case "TestFailoverNotAvailableFault", "TestFailoverNotAvailable" -> new UserException(ExitCode.PRECONDITION,
          "ElastiCache does not allow a test failover of " + group + " now" + why
              + ": AWS blocks TestFailover at times, e.g. during large-scale events; try again later", e);
      case "APICallRateForCustomerExceeded", "APICallRateForCustomerExceededFault" -> new UserException(
          ExitCode.PRECONDITION, "ElastiCache refused " + action + " on " + group + why
              + ": an account may test failover on at most 15 node groups in any rolling 24 hours; try again later", e);
      case "InvalidReplicationGroupState", "InvalidReplicationGroupStateFault" -> new UserException(
          ExitCode.PRECONDITION, group + " is not available for " + action + why
              + ": wait until its status is available again (an earlier failover or change may still run), then run "
              + "the drill again", e);
      case "InvalidCacheClusterState", "InvalidCacheClusterStateFault" -> new UserException(ExitCode.PRECONDITION,
          "a node of " + group + " is not available for " + action + why
              + ": wait until every node is available again, then run the drill again", e);
      case "ReplicationGroupNotFoundFault", "ReplicationGroupNotFound" -> new UserException(ExitCode.PRECONDITION,
          "ElastiCache has no replication group " + group + why + ": the database stack names a group that is gone; "
              + "run deploy again", e);
      case "NodeGroupNotFoundFault", "NodeGroupNotFound" -> new UserException(ExitCode.PRECONDITION,
          group + " has no node group" + (nodeGroupId == null ? "" : " " + nodeGroupId) + why
              + ": run the drill again to read the group afresh", e);
      default -> AwsFailures.translate(e);
    };
  }
}
