package dev.zerodown.provisioner.environment;

import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The parameters each stack gets (docs/stacks.md): from the inputs and from earlier stacks' outputs. */
public final class StackParameters {
  /** The Redis port when zerodown deploys its own Redis (the templates' default). */
  static final int DEFAULT_REDIS_PORT = 6379;

  private StackParameters() {}

  /**
   * Parameters for {@code part}. {@code outputs} holds the outputs of stacks deployed before it; a missing
   * one is a bug in the ordering, reported as such.
   */
  public static Map<String, String> of(StackPart part, String env, DeployInputs in, Cidr myIp, String keyName,
      Placement placement, Map<StackPart, Map<String, String>> outputs) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("EnvironmentName", env);
    switch (part) {
      case ARTIFACTS -> { }
      case NETWORK -> {
        p.put("AdminCidr", myIp.text());
        p.put("AvailabilityZoneA", placement.azs().get(0));
        p.put("AvailabilityZoneB", placement.azs().get(1));
        p.put("AvailabilityZoneC", placement.azs().get(2));
        p.put("SingleNatGateway", String.valueOf(in.singleNat()));
        p.put("CertificateArn", in.certificateArn().orElse(""));
        p.put("DomainName", in.domainName().orElse(""));
        p.put("HostedZoneId", in.hostedZoneId().orElse(""));
        p.put("ExternalRedisCidr", in.redisReach().flatMap(RedisReach::cidr).map(Cidr::text).orElse(""));
        p.put("ExternalRedisSecurityGroupId", in.redisReach().flatMap(RedisReach::securityGroupId).orElse(""));
        p.put("ExternalRedisPort", String.valueOf(in.redisEndpoint().map(HostPort::port).orElse(DEFAULT_REDIS_PORT)));
      }
      case BASTION -> {
        p.put("ParentNetworkStack", StackPart.NETWORK.stackName(env));
        p.put("InstanceType", in.bastionInstanceType());
        p.put("ImageId", placement.bastionImageId());
        p.put("KeyName", keyName);
        p.put("SsmAccess", String.valueOf(in.ssmAccess()));
      }
      case DATABASE -> {
        p.put("ParentNetworkStack", StackPart.NETWORK.stackName(env));
        p.put("CacheNodeType", in.cacheNodeType());
        p.put("SingleNode", String.valueOf(in.singleRedisNode()));
        p.put("PreferredCacheClusterAZs", placement.redisPreferredAzs());
        // not given: a new stack gets the template's default (false), a deployed one keeps its value
        in.redisSnapshotOnDelete().ifPresent(on -> p.put("SnapshotOnDelete", String.valueOf(on)));
      }
      case WEB -> {
        p.put("ParentNetworkStack", StackPart.NETWORK.stackName(env));
        p.put("ParentArtifactsStack", StackPart.ARTIFACTS.stackName(env));
        p.put("InstanceType", in.webInstanceType());
        p.put("ImageId", placement.webImageId());
        p.put("KeyName", keyName);
        p.put("SsmAccess", String.valueOf(in.ssmAccess()));
        p.put("ArtifactSha256", in.agentJar().sha256());
        in.webScaling().putParameters(p);
        if (in.redisEndpoint().isPresent()) {
          p.put("RedisHost", in.redisEndpoint().get().host());
          p.put("RedisPort", String.valueOf(in.redisEndpoint().get().port()));
          p.put("RedisTls", String.valueOf(in.redisTls()));
          p.put("RedisAuthSecretArn", in.redisAuthSecretArn().orElse(""));
          p.put("RedisAuthKmsKeyArn", in.redisAuthKmsKey().orElse(""));
        } else {
          Map<String, String> db = outputs.get(StackPart.DATABASE);
          p.put("RedisHost", required(db, "RedisHost", StackPart.DATABASE.stackName(env)));
          p.put("RedisPort", required(db, "RedisPort", StackPart.DATABASE.stackName(env)));
          p.put("RedisTls", required(db, "RedisTls", StackPart.DATABASE.stackName(env)));
          p.put("RedisAuthSecretArn", db.getOrDefault("RedisAuthSecretArn", ""));
          p.put("RedisAuthKmsKeyArn", "");  // the database stack's secret uses the AWS managed key: no grant needed
        }
        p.put("AlarmEmail", in.alarmEmail().orElse(""));
        p.put("LogRetentionDays", String.valueOf(in.logRetentionDays()));
      }
    }
    return p;
  }

  private static String required(Map<String, String> outputs, String key, String stack) {
    String v = outputs == null ? null : outputs.get(key);
    if (v == null || v.isBlank()) {
      throw new UserException(ExitCode.PRECONDITION, stack + " has no output " + key
          + ": deploy it again, or pass --redis-endpoint HOST:PORT");
    }
    return v;
  }
}
