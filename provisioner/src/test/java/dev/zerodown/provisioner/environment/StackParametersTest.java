package dev.zerodown.provisioner.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerodown.provisioner.artifacts.AgentJar;
import dev.zerodown.provisioner.cfn.Method;
import dev.zerodown.provisioner.error.UserException;
import dev.zerodown.provisioner.render.TemplateRenderer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StackParametersTest {
  private static final Cidr IP = Cidr.parse("--my-ip", "203.0.113.7/32");

  private static final RedisReach REACH =
      new RedisReach(Optional.of(Cidr.parse("--redis-cidr", "10.1.2.0/24")), Optional.of("sg-0123456789abcdef0"));

  private static DeployInputs inputs(Optional<HostPort> redis, boolean singleNat) {
    return inputs(redis, singleNat, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  private static DeployInputs inputs(Optional<HostPort> redis, boolean singleNat, Optional<String> secret,
      Optional<String> kmsKey, Optional<String> certificate, Optional<String> domain, Optional<String> zone) {
    return new DeployInputs(Method.DIRECT, Optional.of(IP), false, Optional.empty(), Optional.empty(), "t3.small", "t3.micro",
        "cache.t3.micro", Optional.empty(), singleNat, false,
        redis, false, secret, kmsKey, redis.map(r -> REACH), false, certificate, domain, zone, Optional.empty(),
        AgentJar.of(new byte[] {1, 2, 3}, "test"), Duration.ofMinutes(1), Optional.empty(), false);
  }

  @Test
  void network_gets_the_certificate_with_the_domain_name_and_its_hosted_zone() {
    DeployInputs in = inputs(Optional.empty(), false, Optional.empty(), Optional.empty(),
        Optional.of("arn:aws:acm:eu-west-3:123456789012:certificate/abc"), Optional.of("www.example.com"), Optional.of("Z0123456789ABC"));
    Map<String, String> p = StackParameters.of(StackPart.NETWORK, "dev", in, IP, "", PLACEMENT, Map.of());
    assertThat(p).containsEntry("CertificateArn", "arn:aws:acm:eu-west-3:123456789012:certificate/abc")
        .containsEntry("DomainName", "www.example.com").containsEntry("HostedZoneId", "Z0123456789ABC");
    assertThat(StackParameters.of(StackPart.NETWORK, "dev", inputs(Optional.empty(), false), IP, "", PLACEMENT, Map.of()))
        .containsEntry("DomainName", "").containsEntry("HostedZoneId", "");
  }

  @Test
  void web_gets_the_kms_key_of_your_redis_secret_only_when_given() {
    String secret = "arn:aws:secretsmanager:eu-west-3:123456789012:secret:redis-AbCdEf";
    String key = "arn:aws:kms:eu-west-3:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    Optional<HostPort> redis = Optional.of(new HostPort("redis.example.internal", 6379));
    assertThat(StackParameters.of(StackPart.WEB, "dev", inputs(redis, false, Optional.of(secret), Optional.of(key),
        Optional.empty(), Optional.empty(), Optional.empty()), IP, "", PLACEMENT, Map.of()))
        .containsEntry("RedisAuthSecretArn", secret).containsEntry("RedisAuthKmsKeyArn", key);
    assertThat(StackParameters.of(StackPart.WEB, "dev", inputs(redis, false, Optional.of(secret), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty()), IP, "", PLACEMENT, Map.of()))
        .containsEntry("RedisAuthKmsKeyArn", "");
  }

  static final Placement PLACEMENT = new Placement(List.of("eu-west-3a", "eu-west-3b", "eu-west-3c"),
      "ami-0aaaaaaaaaaaaaaaa", "ami-0bbbbbbbbbbbbbbbb", "");

  @Test
  void the_placement_reaches_the_network_azs_each_tiers_ami_and_the_kept_redis_azs() {
    DeployInputs in = inputs(Optional.empty(), false);
    assertThat(StackParameters.of(StackPart.NETWORK, "dev", in, IP, "", PLACEMENT, Map.of()))
        .containsEntry("AvailabilityZoneA", "eu-west-3a").containsEntry("AvailabilityZoneB", "eu-west-3b")
        .containsEntry("AvailabilityZoneC", "eu-west-3c");
    assertThat(StackParameters.of(StackPart.BASTION, "dev", in, IP, "", PLACEMENT, Map.of()))
        .containsEntry("ImageId", "ami-0bbbbbbbbbbbbbbbb");
    Placement kept = new Placement(PLACEMENT.azs(), "ami-0aaaaaaaaaaaaaaaa", "ami-0bbbbbbbbbbbbbbbb", "eu-west-3a,eu-west-3b");
    assertThat(StackParameters.of(StackPart.DATABASE, "dev", in, IP, "", kept, Map.of()))
        .containsEntry("PreferredCacheClusterAZs", "eu-west-3a,eu-west-3b");
  }

  @Test
  void network_gets_the_admin_cidr_and_the_nat_choice() {
    Map<String, String> p = StackParameters.of(StackPart.NETWORK, "dev", inputs(Optional.empty(), true), IP, "", PLACEMENT, Map.of());
    assertThat(p).containsEntry("AdminCidr", "203.0.113.7/32").containsEntry("SingleNatGateway", "true")
        .containsEntry("EnvironmentName", "dev");
  }

  @Test
  void network_lets_the_web_tier_reach_the_users_redis_on_the_endpoints_port() {
    DeployInputs in = inputs(Optional.of(HostPort.parse("--redis-endpoint", "redis.internal:6380")), false);
    Map<String, String> network = StackParameters.of(StackPart.NETWORK, "dev", in, IP, "", PLACEMENT, Map.of());
    assertThat(network).containsEntry("ExternalRedisCidr", "10.1.2.0/24")
        .containsEntry("ExternalRedisSecurityGroupId", "sg-0123456789abcdef0").containsEntry("ExternalRedisPort", "6380");
    assertThat(StackParameters.of(StackPart.WEB, "dev", in, IP, "", PLACEMENT, Map.of()))
        .containsEntry("RedisPort", network.get("ExternalRedisPort"));
  }

  @Test
  void network_opens_no_external_redis_egress_when_zerodown_deploys_the_database() {
    Map<String, String> p = StackParameters.of(StackPart.NETWORK, "dev", inputs(Optional.empty(), false), IP, "", PLACEMENT, Map.of());
    assertThat(p).containsEntry("ExternalRedisCidr", "").containsEntry("ExternalRedisSecurityGroupId", "")
        .containsEntry("ExternalRedisPort", "6379");
  }

  @Test
  void web_gets_the_users_redis_when_one_is_given() {
    Map<String, String> p = StackParameters.of(StackPart.WEB, "dev",
        inputs(Optional.of(HostPort.parse("--redis-endpoint", "redis.internal:6380")), false), IP, "", PLACEMENT, Map.of());
    assertThat(p).containsEntry("RedisHost", "redis.internal").containsEntry("RedisPort", "6380")
        .containsEntry("RedisTls", "false").containsEntry("InstanceType", "t3.small")
        .containsEntry("ArtifactSha256", AgentJar.of(new byte[] {1, 2, 3}, "x").sha256())
        .containsEntry("ParentNetworkStack", "zerodown-dev-network").containsEntry("ParentArtifactsStack", "zerodown-dev-artifacts");
  }

  @Test
  void web_gets_the_database_stacks_outputs_otherwise() {
    Map<StackPart, Map<String, String>> outputs = new EnumMap<>(StackPart.class);
    outputs.put(StackPart.DATABASE, Map.of("RedisHost", "master.redis-dev.cache.amazonaws.com", "RedisPort", "6379",
        "RedisTls", "true", "RedisAuthSecretArn", "arn:aws:secretsmanager:eu-west-3:1:secret:x"));
    Map<String, String> p = StackParameters.of(StackPart.WEB, "dev", inputs(Optional.empty(), false), IP, "", PLACEMENT, outputs);
    assertThat(p).containsEntry("RedisHost", "master.redis-dev.cache.amazonaws.com").containsEntry("RedisTls", "true")
        .containsEntry("RedisAuthSecretArn", "arn:aws:secretsmanager:eu-west-3:1:secret:x");
  }

  @Test
  void web_without_database_outputs_says_what_is_missing() {
    assertThatThrownBy(() -> StackParameters.of(StackPart.WEB, "dev", inputs(Optional.empty(), false), IP, "", PLACEMENT, Map.of()))
        .isInstanceOf(UserException.class).hasMessageContaining("zerodown-dev-database has no output RedisHost");
  }

  @Test
  void every_parameter_passed_is_declared_by_the_template() {
    TemplateRenderer renderer = TemplateRenderer.fromClasspath();
    Map<StackPart, Map<String, String>> outputs = new EnumMap<>(StackPart.class);
    outputs.put(StackPart.DATABASE, Map.of("RedisHost", "h", "RedisPort", "6379", "RedisTls", "true"));
    for (StackPart part : StackPart.values()) {
      Set<String> declared = declaredParameters(renderer.source(part));
      Map<String, String> passed = StackParameters.of(part, "dev", inputs(Optional.empty(), false), IP, "", PLACEMENT, outputs);
      assertThat(declared).as(part + " declares").containsAll(passed.keySet());
    }
  }

  @Test
  void every_rendered_template_fits_inline_today() {
    TemplateRenderer renderer = TemplateRenderer.fromClasspath();
    for (StackPart part : StackPart.values()) {
      assertThat(dev.zerodown.provisioner.cfn.Template.fitsInline(renderer.render(part))).as(part.partName()).isTrue();
    }
    assertThat(dev.zerodown.provisioner.cfn.Template.fitsInline("x".repeat(dev.zerodown.provisioner.cfn.Template.INLINE_LIMIT + 1)))
        .isFalse();
  }

  static Set<String> declaredParameters(String template) {
    int start = template.indexOf("\nParameters:\n");
    int end = template.indexOf("\n", start + 1);
    Matcher m = Pattern.compile("(?m)^([A-Za-z0-9]+):").matcher(template);
    int next = m.find(end) ? m.start() : template.length();
    Matcher keys = Pattern.compile("(?m)^  ([A-Za-z0-9]+):").matcher(template.substring(end, next));
    return keys.results().map(r -> r.group(1)).collect(Collectors.toSet());
  }
}
