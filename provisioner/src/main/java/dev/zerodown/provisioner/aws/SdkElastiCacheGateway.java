package dev.zerodown.provisioner.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.DescribeEventsResponse;
import software.amazon.awssdk.services.elasticache.model.NodeGroupMember;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroupNotFoundException;

/** {@link ElastiCacheGateway} over the AWS SDK's ElastiCache client. */
public final class SdkElastiCacheGateway implements ElastiCacheGateway {
  private final ElastiCacheClient elastiCache;

  public SdkElastiCacheGateway(ElastiCacheClient elastiCache) {
    this.elastiCache = Objects.requireNonNull(elastiCache, "elastiCache");
  }

  @Override
  public Optional<ReplicationGroup> replicationGroup(String replicationGroupId) {
    return call("DescribeReplicationGroups", replicationGroupId, null, () -> {
      try {
        return elastiCache.describeReplicationGroups(b -> b.replicationGroupId(replicationGroupId))
            .replicationGroups().stream().findFirst().map(SdkElastiCacheGateway::group);
      } catch (ReplicationGroupNotFoundException e) {
        return Optional.empty();
      }
    });
  }

  @Override
  public ReplicationGroup testFailover(String replicationGroupId, String nodeGroupId) {
    return call("TestFailover", replicationGroupId, nodeGroupId, () -> group(elastiCache.testFailover(b -> b
        .replicationGroupId(replicationGroupId).nodeGroupId(nodeGroupId)).replicationGroup()));
  }

  @Override
  public List<Event> events(String sourceType, Optional<String> sourceId, Instant since) {
    return call("DescribeEvents", sourceId.orElse(null), null, () -> {
      List<Event> events = new ArrayList<>();
      String marker = null;
      do {
        String from = marker;
        DescribeEventsResponse page = elastiCache.describeEvents(b -> {
          b.sourceType(sourceType).startTime(since).maxRecords(100);
          sourceId.ifPresent(b::sourceIdentifier);
          if (from != null) b.marker(from);
        });
        page.events().forEach(e -> events.add(new Event(e.date(), e.sourceTypeAsString(), e.sourceIdentifier(),
            e.message())));
        marker = page.marker();
      } while (marker != null && !marker.isEmpty());
      events.sort(Comparator.comparing(Event::at, Comparator.nullsFirst(Comparator.naturalOrder())));
      return events;
    });
  }

  private static ReplicationGroup group(software.amazon.awssdk.services.elasticache.model.ReplicationGroup g) {
    return new ReplicationGroup(g.replicationGroupId(), g.status(), g.automaticFailoverAsString(),
        g.nodeGroups().stream().map(n -> new NodeGroup(n.nodeGroupId(), n.status(),
            n.nodeGroupMembers().stream().map(SdkElastiCacheGateway::member).toList())).toList(),
        g.memberClusters());
  }

  private static Member member(NodeGroupMember m) {
    return new Member(m.cacheClusterId(), m.currentRole(), m.preferredAvailabilityZone());
  }

  /** Runs one call; a transient failure goes through as is (for the caller's retries), any other is translated. */
  private static <T> T call(String action, String replicationGroupId, String nodeGroupId, Supplier<T> call) {
    try {
      return call.get();
    } catch (AwsServiceException e) {
      if (AwsFailures.isTransient(e)) throw e;
      throw ElastiCacheFailures.translate(e, action, replicationGroupId, nodeGroupId);
    }
  }
}
