package dev.zerodown.provisioner.cfn;

import java.util.List;
import java.util.Set;

/**
 * The resource types whose replacement or removal loses state or breaks what depends on them: the Redis replication
 * group, the bucket, the VPC and its subnets, the AUTH secret, log groups. Under {@code --yes} a change set that
 * removes or replaces one is refused unless {@code --allow-replacement}; the stack policy denies Update:Replace and
 * Update:Delete on them.
 */
public final class StatefulResources {
  public static final Set<String> TYPES = Set.of("AWS::ElastiCache::ReplicationGroup", "AWS::S3::Bucket",
      "AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::SecretsManager::Secret", "AWS::Logs::LogGroup");

  /** The stack policy for the one update the user allowed to replace or remove them: everything allowed. */
  public static final String ALLOW_ALL = "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"Update:*\","
      + "\"Principal\":\"*\",\"Resource\":\"*\"}]}";

  private StatefulResources() {}

  /** True when a change set line removes, or certainly replaces, a stateful resource. */
  public static boolean lost(ResourceChange c) {
    return TYPES.contains(c.resourceType())
        && ("Remove".equals(c.action()) || "Modify".equals(c.action()) && "True".equalsIgnoreCase(c.replacement()));
  }

  /**
   * The stack policy: every update allowed, except Update:Replace and Update:Delete on these logical ids (a stack
   * policy document, https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/protect-stack-resources.html).
   */
  public static String policy(List<String> logicalIds) {
    StringBuilder resources = new StringBuilder();
    for (String id : logicalIds) {
      if (resources.length() > 0) resources.append(',');
      resources.append("\"LogicalResourceId/").append(id).append('"');
    }
    return "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"Update:*\",\"Principal\":\"*\",\"Resource\":\"*\"},"
        + "{\"Effect\":\"Deny\",\"Action\":[\"Update:Replace\",\"Update:Delete\"],\"Principal\":\"*\","
        + "\"Resource\":[" + resources + "]}]}";
  }
}
