package dev.zerodown.provisioner.synth;

import dev.zerodown.provisioner.deploy.Cidr;
import dev.zerodown.provisioner.deploy.RedisReach;
import dev.zerodown.provisioner.render.StackPart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The parameter values of each stack of an environment, derived from the user's choices. Values that
 * exist only once another stack is deployed (the database endpoint) are {@link OutputRef}s.
 */
public final class StackInputs {
  private static final Pattern IPV4 = Pattern.compile(
      "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(/(3[0-2]|[12]?\\d))?");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}");
  private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");

  /**
   * A Redis the user brings instead of the database stack, and where the web tier's egress may reach it:
   * {@code cidr} and/or {@code securityGroupId} ({@code ""} = none; at least one is needed).
   */
  public record RedisEndpoint(String host, int port, boolean tls, String authSecretArn, String cidr, String securityGroupId) {
    public RedisEndpoint {
      if (!HOST.matcher(host).matches()) throw new IllegalArgumentException("Redis host must be a host name or IPv4 address: " + host);
      if (port < 1 || port > 65535) throw new IllegalArgumentException("Redis port must be 1-65535: " + port);
      authSecretArn = authSecretArn == null ? "" : authSecretArn;
      cidr = cidr == null ? "" : cidr;
      securityGroupId = securityGroupId == null ? "" : securityGroupId;
      if (cidr.isEmpty() && securityGroupId.isEmpty()) {
        throw new IllegalArgumentException("a Redis endpoint needs a CIDR or a security group the web tier may reach it by");
      }
    }

    /**
     * Parses {@code host[:port]} (the port defaults to 6379) and checks {@code --redis-cidr} and
     * {@code --redis-security-group} by the rules deploy applies ({@link RedisReach#parse}).
     */
    public static RedisEndpoint parse(String raw, boolean tls, String authSecretArn, String cidr, String securityGroupId) {
      if (raw == null || raw.isBlank()) throw new IllegalArgumentException("--redis-endpoint must be host[:port], e.g. redis.example.com:6379");
      int colon = raw.lastIndexOf(':');
      String host = colon < 0 ? raw : raw.substring(0, colon);
      int port;
      try {
        port = colon < 0 ? 6379 : Integer.parseInt(raw.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--redis-endpoint must be host[:port] with a numeric port: " + raw);
      }
      RedisReach reach = RedisReach.parse(Optional.of(host), cidr, securityGroupId).orElseThrow();
      return new RedisEndpoint(host, port, tls, authSecretArn, reach.cidr().map(Cidr::text).orElse(""),
          reach.securityGroupId().orElse(""));
    }
  }

  /** What the user chose; {@code redis} empty = zerodown deploys the database stack. */
  public record Choices(String env, String adminCidr, String agentSha256, Optional<RedisEndpoint> redis,
      boolean singleNatGateway, String certificateArn, String alarmEmail) {
    public Choices {
      StackPart.requireEnvName(env);
      adminCidr = StackInputs.normalizeCidr(adminCidr);
      if (agentSha256 == null || !SHA256.matcher(agentSha256).matches()) {
        throw new IllegalArgumentException("agent SHA-256 must be 64 lowercase hex characters: " + agentSha256);
      }
      redis = redis == null ? Optional.empty() : redis;
      certificateArn = certificateArn == null ? "" : certificateArn;
      alarmEmail = alarmEmail == null ? "" : alarmEmail;
    }
  }

  /** A parameter filled from another stack's output at deploy time. */
  public record OutputRef(StackPart part, String outputKey) {
    /** How synth writes it: {@code {{output:zerodown-dev-database:RedisHost}}}. */
    public String placeholder(String env) {
      return "{{output:" + part.stackName(env) + ":" + outputKey + "}}";
    }
  }

  /** The parameters of one stack: plain values and values taken from other stacks' outputs. */
  public record Parameters(Map<String, String> values, Map<String, OutputRef> fromOutputs) {}

  private StackInputs() {}

  /** The stacks to deploy, in order: the database stack only when the user brings no Redis. */
  public static List<StackPart> parts(Choices c) {
    List<StackPart> parts = new ArrayList<>(List.of(StackPart.values()));
    if (c.redis().isPresent()) parts.remove(StackPart.DATABASE);
    return parts;
  }

  /** The parameters of {@code part}; names and meanings in docs/stacks.md. */
  public static Parameters parameters(StackPart part, Choices c) {
    Map<String, String> v = new LinkedHashMap<>();
    Map<String, OutputRef> out = new LinkedHashMap<>();
    v.put("EnvironmentName", c.env());
    switch (part) {
      case ARTIFACTS -> { }
      case NETWORK -> {
        v.put("AdminCidr", c.adminCidr());
        v.put("SingleNatGateway", String.valueOf(c.singleNatGateway()));
        v.put("CertificateArn", c.certificateArn());
        v.put("ExternalRedisCidr", c.redis().map(RedisEndpoint::cidr).orElse(""));
        v.put("ExternalRedisSecurityGroupId", c.redis().map(RedisEndpoint::securityGroupId).orElse(""));
        v.put("ExternalRedisPort", String.valueOf(c.redis().map(RedisEndpoint::port).orElse(6379)));
      }
      case BASTION, DATABASE -> v.put("ParentNetworkStack", StackPart.NETWORK.stackName(c.env()));
      case WEB -> {
        v.put("ParentNetworkStack", StackPart.NETWORK.stackName(c.env()));
        v.put("ParentArtifactsStack", StackPart.ARTIFACTS.stackName(c.env()));
        v.put("ArtifactSha256", c.agentSha256());
        v.put("AlarmEmail", c.alarmEmail());
        if (c.redis().isPresent()) {
          RedisEndpoint r = c.redis().get();
          v.put("RedisHost", r.host());
          v.put("RedisPort", String.valueOf(r.port()));
          v.put("RedisTls", String.valueOf(r.tls()));
          v.put("RedisAuthSecretArn", r.authSecretArn());
        } else {
          for (String key : List.of("RedisHost", "RedisPort", "RedisTls", "RedisAuthSecretArn")) {
            out.put(key, new OutputRef(StackPart.DATABASE, key));
          }
        }
      }
    }
    return new Parameters(v, out);
  }

  /** {@code 203.0.113.7} becomes {@code 203.0.113.7/32}; a CIDR stays as it is. */
  static String normalizeCidr(String raw) {
    if (raw == null || !IPV4.matcher(raw).matches()) {
      throw new IllegalArgumentException("--my-ip must be your IPv4 address or a CIDR (e.g. 203.0.113.7 or 203.0.113.0/24): " + raw);
    }
    return raw.contains("/") ? raw : raw + "/32";
  }
}
