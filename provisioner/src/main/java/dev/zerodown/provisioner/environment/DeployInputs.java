package dev.zerodown.provisioner.environment;

import dev.zerodown.provisioner.artifacts.AgentJar;
import dev.zerodown.provisioner.cfn.Method;
import java.time.Duration;
import java.util.Optional;

/** deploy's and plan's inputs, all checked. */
public record DeployInputs(Method method, Optional<Cidr> myIp, boolean sshFromAnywhere, Optional<String> keyName,
    Optional<String> sshPublicKey, String webInstanceType, String bastionInstanceType, String cacheNodeType,
    Optional<String> imageParameter, boolean singleNat, boolean singleRedisNode, Optional<HostPort> redisEndpoint,
    boolean redisTls, Optional<String> redisAuthSecretArn, Optional<String> redisAuthKmsKey, Optional<RedisReach> redisReach,
    boolean ssmAccess, Optional<String> certificateArn, Optional<String> domainName, Optional<String> hostedZoneId,
    Optional<String> alarmEmail, AgentJar agentJar, Duration waitTimeout, Optional<java.util.List<String>> azs,
    boolean updateAmi, int logRetentionDays, Optional<Boolean> redisSnapshotOnDelete, boolean allowReplacement,
    WebScaling webScaling) {

  /**
   * The inputs with the default log retention ({@link LogGroups#DEFAULT_RETENTION_DAYS}), no
   * --redis-snapshot-on-delete, no --allow-replacement and the default web scaling.
   */
  public DeployInputs(Method method, Optional<Cidr> myIp, boolean sshFromAnywhere, Optional<String> keyName,
      Optional<String> sshPublicKey, String webInstanceType, String bastionInstanceType, String cacheNodeType,
      Optional<String> imageParameter, boolean singleNat, boolean singleRedisNode, Optional<HostPort> redisEndpoint,
      boolean redisTls, Optional<String> redisAuthSecretArn, Optional<String> redisAuthKmsKey, Optional<RedisReach> redisReach,
      boolean ssmAccess, Optional<String> certificateArn, Optional<String> domainName, Optional<String> hostedZoneId,
      Optional<String> alarmEmail, AgentJar agentJar, Duration waitTimeout, Optional<java.util.List<String>> azs,
      boolean updateAmi) {
    this(method, myIp, sshFromAnywhere, keyName, sshPublicKey, webInstanceType, bastionInstanceType, cacheNodeType,
        imageParameter, singleNat, singleRedisNode, redisEndpoint, redisTls, redisAuthSecretArn, redisAuthKmsKey, redisReach,
        ssmAccess, certificateArn, domainName, hostedZoneId, alarmEmail, agentJar, waitTimeout, azs, updateAmi,
        LogGroups.DEFAULT_RETENTION_DAYS, Optional.empty(), false, WebScaling.defaults());
  }

  /** These inputs with the web group's sizes and targets replaced (deploy keeps the deployed sizes). */
  public DeployInputs withWebScaling(WebScaling scaling) {
    return new DeployInputs(method, myIp, sshFromAnywhere, keyName, sshPublicKey, webInstanceType, bastionInstanceType,
        cacheNodeType, imageParameter, singleNat, singleRedisNode, redisEndpoint, redisTls, redisAuthSecretArn,
        redisAuthKmsKey, redisReach, ssmAccess, certificateArn, domainName, hostedZoneId, alarmEmail, agentJar, waitTimeout,
        azs, updateAmi, logRetentionDays, redisSnapshotOnDelete, allowReplacement, scaling);
  }

  /** True when zerodown deploys its own Redis (the database stack). */
  public boolean ownRedis() {
    return redisEndpoint.isEmpty();
  }

  /** The key pair the instances get: --key-name, zerodown-&lt;env&gt; imported from --ssh-public-key, or "" (none). */
  public String keyPairName(String env) {
    return keyName.orElseGet(() -> sshPublicKey.isPresent() ? "zerodown-" + env : "");
  }
}
