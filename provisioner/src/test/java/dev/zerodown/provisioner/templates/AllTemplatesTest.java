package dev.zerodown.provisioner.templates;

import static dev.zerodown.provisioner.templates.Templates.list;
import static dev.zerodown.provisioner.templates.Templates.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.environment.StackPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Conventions every template follows (widdix style), and the contracts between them. */
class AllTemplatesTest {
  /** Actions without resource-level permissions: the only ones allowed on Resource "*". */
  private static final Set<String> UNSCOPABLE = Set.of("cloudwatch:PutMetricData", "elasticloadbalancing:DescribeTargetHealth");

  @ParameterizedTest
  @EnumSource(StackPart.class)
  void parameters_and_outputs_are_described_exports_are_stack_prefixed_conditions_are_named_has(StackPart part) {
    Map<String, Object> t = Templates.rendered(part);
    assertThat((String) t.get("Description")).isNotBlank();
    map(t, "Parameters").forEach((name, p) -> assertThat((String) map(p).get("Description")).as(name).isNotBlank());
    Map<String, Object> outputs = map(t, "Outputs");
    assertThat(outputs).containsKeys("TemplateVersion", "StackName");
    outputs.forEach((key, o) -> {
      Map<String, Object> out = map(o);
      assertThat((String) out.get("Description")).as(key).isNotBlank();
      if (out.containsKey("Export")) {
        assertThat(map(out, "Export").get("Name")).as(key).isEqualTo(Map.of("Fn::Sub", "${AWS::StackName}-" + key));
      }
    });
    ((Map<?, ?>) t.getOrDefault("Conditions", Map.of())).keySet().forEach(c -> assertThat((String) c).startsWith("Has"));
    assertThat(map(t, "Parameters", "EnvironmentName")).containsEntry("AllowedPattern", "^" + StackPart.ENV_NAME.pattern() + "$");
  }

  @ParameterizedTest
  @EnumSource(StackPart.class)
  void no_iam_statement_grants_resource_star_to_an_action_that_can_be_scoped(StackPart part) {
    List<Map<String, Object>> statements = new ArrayList<>();
    Templates.ofType(Templates.rendered(part), "AWS::IAM::Role").forEach((id, r) -> {
      for (Object policy : list(map(r, "Properties").getOrDefault("Policies", List.of()))) {
        for (Object s : list(map(policy, "PolicyDocument").get("Statement"))) collect(s, statements);
      }
    });
    for (Map<String, Object> s : statements) {
      if ("*".equals(s.get("Resource")) || (s.get("Resource") instanceof List<?> l && l.contains("*"))) {
        Object actions = s.get("Action");
        List<Object> all = actions instanceof List<?> l ? new ArrayList<>(l) : List.of(actions);
        assertThat(all).as("statement " + s.get("Sid") + " has Resource *").allMatch(UNSCOPABLE::contains);
      }
      assertThat(String.valueOf(s.get("Action"))).doesNotContain("*");
    }
  }

  /** Statements, with both branches of Fn::If. */
  private static void collect(Object s, List<Map<String, Object>> into) {
    Map<String, Object> m = map(s);
    if (m.containsKey("Fn::If")) {
      List<Object> branches = list(m.get("Fn::If"));
      for (Object b : branches.subList(1, 3)) if (!Map.of("Ref", "AWS::NoValue").equals(b)) collect(b, into);
    } else {
      into.add(m);
    }
  }

  @Test
  void every_imported_export_is_exported_by_the_parent_stack() {
    Map<String, StackPart> parents = Map.of("ParentNetworkStack", StackPart.NETWORK, "ParentArtifactsStack", StackPart.ARTIFACTS);
    Pattern imp = Pattern.compile("\\{Fn::ImportValue=\\{Fn::Sub=\\$\\{(Parent\\w+)}-(\\w+)}}");
    int imports = 0;
    for (StackPart consumer : StackPart.values()) {
      Matcher m = imp.matcher(Templates.rendered(consumer).toString());
      while (m.find()) {
        imports++;
        StackPart parent = parents.get(m.group(1));
        assertThat(parent).as(consumer + " imports from " + m.group(1)).isNotNull();
        Map<String, Object> output = map(Templates.rendered(parent), "Outputs").entrySet().stream()
            .filter(e -> e.getKey().equals(m.group(2))).map(e -> map(e.getValue())).findFirst()
            .orElseThrow(() -> new AssertionError(consumer + " imports " + m.group(2) + " which " + parent + " does not output"));
        assertThat(output).as(parent + " exports " + m.group(2)).containsKey("Export");
      }
    }
    assertThat(imports).as("imports found (the pattern still matches the templates)").isGreaterThan(10);
  }

  @Test
  void redis_is_replicated_with_failover_encrypted_and_its_token_never_leaves_secrets_manager() {
    Map<String, Object> t = Templates.rendered(StackPart.DATABASE);
    Map<String, Object> rg = map(t, "Resources", "ReplicationGroup");
    Object snapshotOrDelete = Map.of("Fn::If", List.of("HasSnapshotOnDelete", "Snapshot", "Delete"));
    assertThat(rg).containsEntry("DeletionPolicy", snapshotOrDelete).containsEntry("UpdateReplacePolicy", snapshotOrDelete);
    Map<String, Object> p = map(rg, "Properties");
    assertThat(p).containsEntry("NumCacheClusters", Map.of("Fn::If", List.of("HasReplica", 2, 1)))
        .containsEntry("AutomaticFailoverEnabled", Map.of("Fn::If", List.of("HasReplica", true, false)))
        .containsEntry("MultiAZEnabled", Map.of("Fn::If", List.of("HasReplica", true, false)))
        .containsEntry("PreferredCacheClusterAZs", Map.of("Fn::If", List.of("HasPreferredCacheClusterAZs",
            Map.of("Fn::Split", List.of(",", Map.of("Ref", "PreferredCacheClusterAZs"))), Map.of("Ref", "AWS::NoValue"))))
        .containsEntry("TransitEncryptionEnabled", true).containsEntry("AtRestEncryptionEnabled", true)
        .containsEntry("AuthToken", Map.of("Fn::If", List.of("HasAuth",
            Map.of("Fn::Sub", "{{resolve:secretsmanager:${AuthSecret}}}"), Map.of("Ref", "AWS::NoValue"))));
    assertThat(map(t, "Parameters").keySet()).noneMatch(k -> k.toLowerCase().contains("token"));
    assertThat(map(t, "Outputs").toString()).doesNotContain("resolve:secretsmanager").doesNotContain("SecretString");
    assertThat(map(t, "Outputs", "RedisAuthSecretArn").get("Value")).isEqualTo(Map.of("Fn::If", List.of("HasAuth", Map.of("Ref", "AuthSecret"), "")));
    assertThat(Templates.RENDERER.render(StackPart.WEB)).doesNotContain("resolve:secretsmanager");
  }

  @Test
  void docs_stacks_md_names_every_parameter_and_output_of_every_template() {
    String docs = Templates.read(Templates.ROOT.resolve("docs/stacks.md"));
    Set<String> missing = new TreeSet<>();
    for (StackPart part : StackPart.values()) {
      Map<String, Object> t = Templates.rendered(part);
      assertThat(docs).contains("`" + part.templateResource() + "`");
      for (String key : map(t, "Parameters").keySet()) if (!docs.contains("`" + key + "`")) missing.add(part + " parameter " + key);
      for (String key : map(t, "Outputs").keySet()) if (!docs.contains("`" + key + "`")) missing.add(part + " output " + key);
    }
    assertThat(missing).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(StackPart.class)
  void docs_stacks_md_gives_each_parameter_its_template_default(StackPart part) {
    String docs = Templates.read(Templates.ROOT.resolve("docs/stacks.md"));
    String section = java.util.Arrays.stream(docs.split("\n## ")).filter(s -> s.startsWith(part.partName() + " "))
        .findFirst().orElseThrow(() -> new AssertionError("docs/stacks.md has no section '## " + part.partName() + "'"));
    map(Templates.rendered(part), "Parameters").forEach((name, p) -> {
      Object def = map(p).get("Default");
      String expected = def == null ? "— (required)" : "".equals(def) ? "`''`" : "`" + def + "`";
      assertThat(section).as(part + " parameter " + name).contains("| `" + name + "` | " + expected + " |");
    });
  }
}
