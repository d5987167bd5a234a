package dev.zerodown.provisioner.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.artifacts.AgentJar;
import dev.zerodown.provisioner.cfn.Method;
import dev.zerodown.provisioner.render.CfnYaml;
import dev.zerodown.provisioner.render.TemplateRenderer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Every option a user can switch on an existing environment, rendered both ways (the same templates, the parameters
 * deploy's own mapping gives for each option set), compared property by property against the create-only lists of
 * the registry schemas bundled with cfn-lint: no switch may replace a resource that holds state, has a custom name
 * or backs an export (CloudFormation refuses those, or the data goes). The replacements that are allowed are listed.
 */
class OptionTogglesTest {
  private static final TemplateRenderer RENDERER = TemplateRenderer.fromClasspath();
  private static final CreateOnlyProperties CREATE_ONLY = CreateOnlyProperties.bundled();
  private static final Cidr IP = Cidr.parse("--my-ip", "203.0.113.7/32");
  private static final List<String> AZS = List.of("eu-west-3a", "eu-west-3b", "eu-west-3c");
  private static final String CERT = "arn:aws:acm:eu-west-3:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789";

  /** The defaults, as `deploy` with no option gives them. */
  private record Options(boolean singleNat, boolean singleRedisNode, String webType, String bastionType, String nodeType,
      Optional<String> certificate, Optional<String> alarmEmail, boolean ssm, String keyName, String webAmi,
      String bastionAmi) {
    static Options defaults() {
      return new Options(false, false, "t3.micro", "t3.micro", "cache.t3.micro", Optional.empty(), Optional.empty(),
          false, "", "ami-0aaaaaaaaaaaaaaaa", "ami-0bbbbbbbbbbbbbbbb");
    }

    DeployInputs inputs() {
      return new DeployInputs(Method.CHANGE_SET, Optional.of(IP), false, Optional.empty(), Optional.empty(), webType,
          bastionType, nodeType, Optional.empty(), singleNat, singleRedisNode, Optional.empty(), false, Optional.empty(),
          Optional.empty(), Optional.empty(), ssm, certificate, Optional.empty(), Optional.empty(), alarmEmail,
          AgentJar.of(new byte[] {1}, "test"), Duration.ofMinutes(1), Optional.empty(), false);
    }
  }

  /** Each switch a user can make, by name: from the defaults to the option set it names. */
  private static final Map<String, UnaryOperator<Options>> SWITCHES = new LinkedHashMap<>();

  static {
    SWITCHES.put("--single-nat", o -> new Options(true, o.singleRedisNode(), o.webType(), o.bastionType(), o.nodeType(),
        o.certificate(), o.alarmEmail(), o.ssm(), o.keyName(), o.webAmi(), o.bastionAmi()));
    SWITCHES.put("--single-redis-node", o -> new Options(o.singleNat(), true, o.webType(), o.bastionType(), o.nodeType(),
        o.certificate(), o.alarmEmail(), o.ssm(), o.keyName(), o.webAmi(), o.bastionAmi()));
    SWITCHES.put("--web-instance-type", o -> new Options(o.singleNat(), o.singleRedisNode(), "t3.small", o.bastionType(),
        o.nodeType(), o.certificate(), o.alarmEmail(), o.ssm(), o.keyName(), o.webAmi(), o.bastionAmi()));
    SWITCHES.put("--bastion-instance-type", o -> new Options(o.singleNat(), o.singleRedisNode(), o.webType(), "t3.nano",
        o.nodeType(), o.certificate(), o.alarmEmail(), o.ssm(), o.keyName(), o.webAmi(), o.bastionAmi()));
    SWITCHES.put("--cache-node-type", o -> new Options(o.singleNat(), o.singleRedisNode(), o.webType(), o.bastionType(),
        "cache.t3.small", o.certificate(), o.alarmEmail(), o.ssm(), o.keyName(), o.webAmi(), o.bastionAmi()));
    SWITCHES.put("--certificate-arn", o -> new Options(o.singleNat(), o.singleRedisNode(), o.webType(), o.bastionType(),
        o.nodeType(), Optional.of(CERT), o.alarmEmail(), o.ssm(), o.keyName(), o.webAmi(), o.bastionAmi()));
    SWITCHES.put("--alarm-email", o -> new Options(o.singleNat(), o.singleRedisNode(), o.webType(), o.bastionType(),
        o.nodeType(), o.certificate(), Optional.of("ops@example.com"), o.ssm(), o.keyName(), o.webAmi(), o.bastionAmi()));
    SWITCHES.put("--alarm-email (another address)", o -> new Options(o.singleNat(), o.singleRedisNode(), o.webType(),
        o.bastionType(), o.nodeType(), o.certificate(), Optional.of(o.alarmEmail().isPresent() ? "oncall@example.com"
            : "ops@example.com"), o.ssm(), o.keyName(), o.webAmi(), o.bastionAmi()));
    SWITCHES.put("--ssm-access", o -> new Options(o.singleNat(), o.singleRedisNode(), o.webType(), o.bastionType(),
        o.nodeType(), o.certificate(), o.alarmEmail(), true, o.keyName(), o.webAmi(), o.bastionAmi()));
    SWITCHES.put("--key-name", o -> new Options(o.singleNat(), o.singleRedisNode(), o.webType(), o.bastionType(),
        o.nodeType(), o.certificate(), o.alarmEmail(), o.ssm(), "ops-key", o.webAmi(), o.bastionAmi()));
    SWITCHES.put("--update-ami", o -> new Options(o.singleNat(), o.singleRedisNode(), o.webType(), o.bastionType(),
        o.nodeType(), o.certificate(), o.alarmEmail(), o.ssm(), o.keyName(), "ami-0cccccccccccccccc", "ami-0dddddddddddddddd"));
  }

  /** Outputs of earlier stacks the web stack's parameters need (zerodown's own Redis). */
  private static final Map<StackPart, Map<String, String>> OUTPUTS = Map.of(StackPart.DATABASE,
      Map.of("RedisHost", "master.redis-dev.abc123.euw3.cache.amazonaws.com", "RedisPort", "6379", "RedisTls", "true",
          "RedisAuthSecretArn", "arn:aws:secretsmanager:eu-west-3:123456789012:secret:zerodown/dev/redis-auth-AbCdEf"));

  /** Every replacement of switching {@code from} -> {@code to}, stack by stack, exports followed into importers. */
  private static List<String> replacements(Options from, Options to, String redisAzs, List<String> refused) {
    List<String> all = new ArrayList<>();
    Set<String> changedExports = new HashSet<>();
    for (StackPart part : StackPart.values()) {
      String body = RENDERER.render(part);
      String stack = part.stackName("dev");
      Replacements.Version before = version(part, body, from, redisAzs);
      Replacements.Version after = version(part, body, to, redisAzs);
      List<Replacements.Replacement> r = Replacements.between(before, after, CREATE_ONLY, changedExports);
      changedExports.addAll(Replacements.changedExports(before, after, r, changedExports));
      for (Replacements.Replacement x : r) {
        all.add(stack + " " + x.describe());
        if (x.refused()) refused.add(stack + " " + x.describe());
      }
    }
    return all;
  }

  private static Replacements.Version version(StackPart part, String body, Options o, String redisAzs) {
    Placement placement = new Placement(AZS, o.webAmi(), o.bastionAmi(), redisAzs);
    Map<String, String> p = StackParameters.of(part, "dev", o.inputs(), IP, o.keyName(), placement, OUTPUTS);
    return new Replacements.Version(CfnYaml.parse(body), p, part.stackName("dev"));
  }

  @Test
  void no_switch_of_an_option_either_way_replaces_a_stateful_named_or_exported_resource() {
    List<String> refused = new ArrayList<>();
    Set<String> allowed = new TreeSet<>();
    // a new Redis group (no PreferredCacheClusterAZs) and one created by an earlier zerodown (its AZs kept)
    for (String redisAzs : List.of("", "eu-west-3a,eu-west-3b")) {
      for (Map.Entry<String, UnaryOperator<Options>> s : SWITCHES.entrySet()) {
        for (Options base : List.of(Options.defaults(), SWITCHES.get("--alarm-email").apply(Options.defaults()))) {
          Options switched = s.getValue().apply(base);
          for (String r : replacements(base, switched, redisAzs, refused)) allowed.add(s.getKey() + ": " + r);
          for (String r : replacements(switched, base, redisAzs, refused)) allowed.add(s.getKey() + " (back): " + r);
        }
      }
    }
    assertThat(refused).as("refused replacements").isEmpty();
    System.out.println("replacements an option switch causes (allowed):\n  " + String.join("\n  ", allowed));
    assertThat(allowed).as("allowed replacements").allMatch(r -> r.startsWith("--alarm-email")
        && r.endsWith("zerodown-dev-web AlarmEmailSubscription (AWS::SNS::Subscription): Endpoint changes"));
    assertThat(allowed).as("the comparison sees a change where one exists").isNotEmpty();
  }

  @Test
  void the_same_comparison_refuses_the_single_node_switch_of_the_template_before_the_azs_were_pinned() {
    String now = RENDERER.render(StackPart.DATABASE);
    String line = "      PreferredCacheClusterAZs: !If [HasPreferredCacheClusterAZs, !Split [',', !Ref PreferredCacheClusterAZs], !Ref 'AWS::NoValue']\n";
    String old = now.replace(line, "      PreferredCacheClusterAZs: !If [HasReplica, [!Select [0, !GetAZs ''], "
        + "!Select [1, !GetAZs '']], [!Select [0, !GetAZs '']]]\n");
    assertThat(old).isNotEqualTo(now);
    Options base = Options.defaults();
    Options single = SWITCHES.get("--single-redis-node").apply(base);
    Placement placement = new Placement(AZS, base.webAmi(), base.bastionAmi(), "");
    Replacements.Version before = new Replacements.Version(CfnYaml.parse(old),
        StackParameters.of(StackPart.DATABASE, "dev", base.inputs(), IP, "", placement, OUTPUTS), "zerodown-dev-database");
    Replacements.Version after = new Replacements.Version(CfnYaml.parse(old),
        StackParameters.of(StackPart.DATABASE, "dev", single.inputs(), IP, "", placement, OUTPUTS), "zerodown-dev-database");
    assertThat(Replacements.between(before, after, CREATE_ONLY, Set.of())).extracting(Replacements.Replacement::describe)
        .containsExactly("ReplicationGroup (AWS::ElastiCache::ReplicationGroup): PreferredCacheClusterAZs changes; it holds state");
  }
}
