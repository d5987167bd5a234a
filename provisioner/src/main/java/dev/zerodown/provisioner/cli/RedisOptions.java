package dev.zerodown.provisioner.cli;

import dev.zerodown.provisioner.environment.HostPort;
import dev.zerodown.provisioner.environment.RedisReach;
import dev.zerodown.provisioner.error.UserException;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** Which Redis the web tier counts in: zerodown's own (one node or a replicated group) or an existing one. */
public final class RedisOptions {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  @Option(names = "--single-redis-node", description = "One Redis node, no replica (cheap dev only: a node failure is downtime).")
  boolean singleRedisNode;

  @Option(names = "--redis-endpoint", paramLabel = "HOST:PORT",
      description = "Use this existing Redis and skip the database stack (with --redis-cidr and/or --redis-security-group).")
  String redisEndpoint;

  @Option(names = "--redis-cidr", paramLabel = "CIDR",
      description = "With --redis-endpoint: the web tier may connect to this CIDR on the endpoint's port, e.g. 10.1.2.0/24.")
  String redisCidr;

  @Option(names = "--redis-security-group", paramLabel = "SG_ID",
      description = "With --redis-endpoint: the web tier may connect to this security group (this or a peered VPC) on the endpoint's port.")
  String redisSecurityGroup;

  @Option(names = "--redis-tls", description = "TLS to the --redis-endpoint Redis (zerodown's own Redis always uses TLS).")
  boolean redisTls;

  @Option(names = "--redis-auth-secret-arn", paramLabel = "ARN",
      description = "Secrets Manager ARN of the --redis-endpoint Redis's AUTH token.")
  String redisAuthSecretArn;

  @Option(names = "--redis-auth-kms-key", paramLabel = "ARN",
      description = "KMS key ARN encrypting that secret, when it is a customer managed key: the web role may decrypt with it.")
  String redisAuthKmsKey;

  @Option(names = "--redis-snapshot-on-delete", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
      description = "Take a final snapshot of zerodown's Redis when its replication group is deleted or replaced "
          + "(DeletionPolicy Snapshot). Not given: a new database stack gets false, a deployed one keeps its value.")
  Boolean redisSnapshotOnDelete;

  /** The Redis options checked together, or a usage error naming the first bad one. */
  Checked validate() {
    Optional<HostPort> endpoint = Optional.ofNullable(redisEndpoint).map(v -> HostPort.parse("--redis-endpoint", v));
    if (endpoint.isPresent() && redisSnapshotOnDelete != null) {
      throw UserException.usage("--redis-snapshot-on-delete is for zerodown's own Redis (the database stack), not "
          + "--redis-endpoint");
    }
    if (endpoint.isEmpty() && (redisTls || redisAuthSecretArn != null)) {
      throw UserException.usage("--redis-tls and --redis-auth-secret-arn need --redis-endpoint");
    }
    if (redisTls && endpoint.isPresent() && IPV4.matcher(endpoint.get().host()).matches()) {
      throw UserException.usage("--redis-tls needs the host name that the Redis server's certificate names, not an IP "
          + "address (the agent verifies the certificate's host name): --redis-endpoint " + endpoint.get());
    }
    if (redisAuthKmsKey != null && redisAuthSecretArn == null) {
      throw UserException.usage("--redis-auth-kms-key needs --redis-auth-secret-arn (the secret it encrypts)");
    }
    Optional<RedisReach> reach = RedisReach.parse(endpoint.map(HostPort::host), redisCidr, redisSecurityGroup);
    Arns.check("--redis-auth-secret-arn", redisAuthSecretArn, "secretsmanager");
    Arns.check("--redis-auth-kms-key", redisAuthKmsKey, "kms");
    if (redisAuthKmsKey != null && !redisAuthKmsKey.contains(":key/")) {
      throw UserException.usage("--redis-auth-kms-key must be a key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), "
          + "not an alias: " + redisAuthKmsKey);
    }
    return new Checked(endpoint, reach);
  }

  /** What checking adds to the raw options: the endpoint parsed, and how the web tier may reach it. */
  record Checked(Optional<HostPort> endpoint, Optional<RedisReach> reach) {}
}
