package dev.zerodown.provisioner.environment;

import dev.zerodown.provisioner.cfn.CloudFormationGateway;
import dev.zerodown.provisioner.cfn.StackInfo;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.util.Map;
import java.util.Optional;

/**
 * Which Redis a deployed environment uses, as its stacks record it (docs/stacks.md):
 * <ul>
 *   <li>{@code --redis-endpoint HOST:PORT}: the web stack's {@code RedisHost}/{@code RedisPort} parameters are the
 *   user's endpoint and no database stack is deployed (or one left from an earlier deploy whose {@code RedisHost}
 *   output is not what the web stack uses);</li>
 *   <li>{@code --single-redis-node}: the database stack's parameter {@code SingleNode} is {@code true} (one node, no
 *   replica, no automatic failover);</li>
 *   <li>otherwise the database stack's replication group, output {@code ReplicationGroupId}: a primary and a
 *   replica with automatic failover.</li>
 * </ul>
 */
public sealed interface DeployedRedis {
  /** The user's own Redis ({@code --redis-endpoint}). */
  record External(String endpoint) implements DeployedRedis {}

  /** The database stack's group, deployed with {@code --single-redis-node}. */
  record SingleNode(String replicationGroupId) implements DeployedRedis {}

  /** The database stack's group with a replica and automatic failover. */
  record Replicated(String replicationGroupId) implements DeployedRedis {}

  /** Reads it from the web stack (already read by the caller) and the database stack. */
  static DeployedRedis read(CloudFormationGateway cfn, String env, StackInfo web) {
    Map<String, String> webParameters = web.parameters();
    String host = webParameters.getOrDefault("RedisHost", "");
    String endpoint = host + ":" + webParameters.getOrDefault("RedisPort", "6379");
    String dbName = StackPart.DATABASE.stackName(env);
    Optional<StackInfo> db = cfn.describe(dbName);
    if (db.isEmpty() || !host.equals(db.get().outputs().get("RedisHost"))) return new External(endpoint);
    String group = db.get().outputs().get("ReplicationGroupId");
    if (group == null || group.isBlank()) {
      throw new UserException(ExitCode.PRECONDITION, dbName + " has no output ReplicationGroupId: its deployment is "
          + "incomplete; run deploy again");
    }
    if ("true".equals(db.get().parameters().get("SingleNode"))) return new SingleNode(group);
    return new Replicated(group);
  }

  /**
   * The replication group a redis-failover drill may fail over; a usage error (exit 2) naming the deploy option when
   * the environment has none to fail over.
   */
  default String failoverTarget(String env) {
    if (this instanceof External e) {
      throw new UserException(ExitCode.USAGE, "--mode redis-failover fails over the ElastiCache group that deploy "
          + "creates, but " + env + " uses its own Redis at " + e.endpoint() + " (deployed with --redis-endpoint): "
          + "fail that Redis over with its own tools");
    }
    if (this instanceof SingleNode s) {
      throw new UserException(ExitCode.USAGE, "--mode redis-failover needs a replica to promote, but "
          + s.replicationGroupId() + " has a single node (deployed with --single-redis-node): deploy without "
          + "--single-redis-node to add one, then run the drill again");
    }
    return ((Replicated) this).replicationGroupId();
  }
}
