package dev.zerodown.provisioner.aws;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * ElastiCache as the redis-failover drill sees it, in the project's own records: a replication group's status and
 * its node groups' roles, the TestFailover call, and the events that follow it. {@link SdkElastiCacheGateway} speaks
 * the AWS SDK; the drill's tests replay recorded answers through it.
 *
 * <p>Failures: a transient one (throttling, HTTP 5xx, network; {@link AwsFailures#isTransient}) is thrown as the
 * SDK's exception, for a poll loop to retry; every other one is translated once, by {@link ElastiCacheFailures}, into
 * a one-line {@code UserException} with its exit code.
 */
public interface ElastiCacheGateway {
  /** A node (cache cluster) of a node group: its id, its current role (primary or replica) and its AZ. */
  record Member(String cacheClusterId, String role, String zone) {
    public boolean primary() {
      return "primary".equalsIgnoreCase(role);
    }
  }

  /** A node group (shard): its id ({@code 0001} with cluster mode disabled), status and members. */
  record NodeGroup(String id, String status, List<Member> members) {
    public NodeGroup {
      members = List.copyOf(members);
    }

    public Optional<Member> primary() {
      return members.stream().filter(Member::primary).findFirst();
    }

    public List<Member> replicas() {
      return members.stream().filter(m -> !m.primary()).toList();
    }
  }

  /**
   * A replication group: status ({@code available}, {@code modifying}, …), automatic failover ({@code enabled},
   * {@code disabled}, …), its node groups and its member clusters.
   */
  record ReplicationGroup(String id, String status, String automaticFailover, List<NodeGroup> nodeGroups,
      List<String> memberClusters) {
    public ReplicationGroup {
      nodeGroups = List.copyOf(nodeGroups);
      memberClusters = List.copyOf(memberClusters);
    }

    public boolean available() {
      return "available".equals(status);
    }

    public Optional<NodeGroup> nodeGroup(String nodeGroupId) {
      return nodeGroups.stream().filter(g -> g.id().equals(nodeGroupId)).findFirst();
    }
  }

  /** One ElastiCache event: when, from which source ({@code replication-group} or {@code cache-cluster}), what. */
  record Event(Instant at, String sourceType, String sourceId, String message) {}

  /** The source types the drill reads events of. */
  String REPLICATION_GROUP = "replication-group";
  String CACHE_CLUSTER = "cache-cluster";

  /** DescribeReplicationGroups for one group; empty when it does not exist. */
  Optional<ReplicationGroup> replicationGroup(String replicationGroupId);

  /** TestFailover on one node group; the group as ElastiCache answered it. */
  ReplicationGroup testFailover(String replicationGroupId, String nodeGroupId);

  /**
   * DescribeEvents of one source type since {@code since} (every page), of one source or of all sources of that
   * type (empty {@code sourceId}), oldest first.
   */
  List<Event> events(String sourceType, Optional<String> sourceId, Instant since);
}
