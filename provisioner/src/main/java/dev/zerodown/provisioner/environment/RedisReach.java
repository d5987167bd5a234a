package dev.zerodown.provisioner.environment;

import dev.zerodown.provisioner.error.UserException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Where the web tier's egress may reach a Redis the user brings: a CIDR, a security group, or both. */
public record RedisReach(Optional<Cidr> cidr, Optional<String> securityGroupId) {
  /** A security group id: {@code sg-} and 8 or 17 lowercase hex digits (the network template's pattern). */
  public static final Pattern SECURITY_GROUP_ID = Pattern.compile("sg-([0-9a-f]{8}|[0-9a-f]{17})");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  public RedisReach {
    if (cidr.isEmpty() && securityGroupId.isEmpty()) {
      throw new IllegalArgumentException("a Redis reach needs a CIDR or a security group id");
    }
  }

  /**
   * Checks {@code --redis-cidr} and {@code --redis-security-group} against {@code --redis-endpoint} (its host,
   * empty when none was given): they need it, and it needs one of them, or the web tier could not connect.
   */
  public static Optional<RedisReach> parse(Optional<String> endpointHost, String cidrRaw, String securityGroupRaw) {
    if (endpointHost.isEmpty()) {
      if (cidrRaw != null) throw UserException.usage("--redis-cidr needs --redis-endpoint HOST:PORT");
      if (securityGroupRaw != null) throw UserException.usage("--redis-security-group needs --redis-endpoint HOST:PORT");
      return Optional.empty();
    }
    if (cidrRaw == null && securityGroupRaw == null) {
      throw UserException.usage("--redis-endpoint needs --redis-cidr CIDR or --redis-security-group sg-… "
          + "(the web tier's security group lets it reach only those; without one it could not connect)");
    }
    Optional<Cidr> cidr = Optional.ofNullable(cidrRaw).map(v -> Cidr.parse("--redis-cidr", v));
    if (cidr.isPresent() && cidr.get().prefix() == 0) {
      throw UserException.usage("--redis-cidr " + cidr.get() + " opens the Redis port to every address; "
          + "pass your Redis's address or subnet, e.g. 10.1.2.0/24");
    }
    String host = endpointHost.get();
    if (cidr.isPresent() && IPV4.matcher(host).matches() && !cidr.get().contains(host)) {
      throw UserException.usage("--redis-cidr " + cidr.get() + " does not contain the --redis-endpoint address " + host
          + ": pass a CIDR that does");
    }
    if (securityGroupRaw != null && !SECURITY_GROUP_ID.matcher(securityGroupRaw).matches()) {
      throw UserException.usage("--redis-security-group must be a security group id such as sg-0123456789abcdef0: "
          + securityGroupRaw);
    }
    return Optional.of(new RedisReach(cidr, Optional.ofNullable(securityGroupRaw)));
  }
}
