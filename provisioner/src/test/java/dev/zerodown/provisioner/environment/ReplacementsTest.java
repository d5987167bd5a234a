package dev.zerodown.provisioner.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.render.CfnYaml;
import dev.zerodown.provisioner.render.TemplateRenderer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The create-only comparison on the real templates, with parameters written out by hand. */
class ReplacementsTest {
  private static final TemplateRenderer RENDERER = TemplateRenderer.fromClasspath();
  private static final CreateOnlyProperties CREATE_ONLY = CreateOnlyProperties.bundled();

  /** database.yaml as zerodown deployed it before the AZs were pinned: the group's AZs followed SingleNode. */
  private static String databaseBeforePinnedAzs() {
    String now = RENDERER.render(StackPart.DATABASE);
    String line = "      PreferredCacheClusterAZs: !If [HasPreferredCacheClusterAZs, !Split [',', !Ref PreferredCacheClusterAZs], !Ref 'AWS::NoValue']\n";
    assertThat(now).contains(line);
    return now.replace(line, "      PreferredCacheClusterAZs: !If\n        - HasReplica\n"
        + "        - [!Select [0, !GetAZs ''], !Select [1, !GetAZs '']]\n        - [!Select [0, !GetAZs '']]\n");
  }

  private static Replacements.Version version(String body, Map<String, String> parameters) {
    return new Replacements.Version(CfnYaml.parse(body), parameters, "zerodown-dev-x");
  }

  private static List<Replacements.Replacement> between(String body, Map<String, String> before, Map<String, String> after) {
    return Replacements.between(version(body, before), version(body, after), CREATE_ONLY, Set.of());
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> m = new HashMap<>(base);
    m.put(key, value);
    return m;
  }

  @Test
  void single_node_toggle_on_the_old_database_template_replaces_the_custom_named_replication_group() {
    Map<String, String> two = Map.of("SingleNode", "false");
    List<Replacements.Replacement> r = between(databaseBeforePinnedAzs(), two, with(two, "SingleNode", "true"));
    assertThat(r).extracting(Replacements.Replacement::logicalId).containsExactly("ReplicationGroup");
    assertThat(r.get(0).property()).isEqualTo("PreferredCacheClusterAZs");
    assertThat(r.get(0).refused()).isTrue();
    assertThat(r.get(0).describe()).isEqualTo("ReplicationGroup (AWS::ElastiCache::ReplicationGroup): "
        + "PreferredCacheClusterAZs changes; it holds state");
  }

  @Test
  void single_node_toggle_on_the_current_database_template_replaces_nothing_with_or_without_kept_azs() {
    String body = RENDERER.render(StackPart.DATABASE);
    for (String kept : List.of("", "eu-west-3a,eu-west-3b")) {
      Map<String, String> two = Map.of("SingleNode", "false", "PreferredCacheClusterAZs", kept);
      assertThat(between(body, two, with(two, "SingleNode", "true"))).as("kept " + kept).isEmpty();
      assertThat(between(body, with(two, "SingleNode", "true"), two)).as("kept " + kept).isEmpty();
    }
  }

  @Test
  void dropping_the_kept_azs_of_an_old_group_is_itself_a_refused_replacement() {
    String body = RENDERER.render(StackPart.DATABASE);
    List<Replacements.Replacement> r = between(body, Map.of("PreferredCacheClusterAZs", "eu-west-3a,eu-west-3b"),
        Map.of("PreferredCacheClusterAZs", ""));
    assertThat(r).extracting(Replacements.Replacement::logicalId).containsExactly("ReplicationGroup");
    assertThat(r.get(0).refused()).isTrue();
  }

  @Test
  void a_new_az_replaces_its_subnets_and_what_is_built_on_them_and_the_subnets_refuse() {
    String body = RENDERER.render(StackPart.NETWORK);
    Map<String, String> p = Map.of("AdminCidr", "203.0.113.7/32", "AvailabilityZoneA", "eu-west-3a",
        "AvailabilityZoneB", "eu-west-3b", "AvailabilityZoneC", "eu-west-3c");
    List<Replacements.Replacement> r = between(body, p, with(p, "AvailabilityZoneC", "eu-west-3d"));
    assertThat(r).extracting(Replacements.Replacement::logicalId).contains("SubnetAlbC", "SubnetWebC", "SubnetRedisC",
        "SubnetNatC", "NatGatewayC", "SubnetWebCRouteTableAssociation").noneMatch(id -> id.endsWith("A") || id.endsWith("B"));
    assertThat(r).filteredOn(x -> x.logicalId().equals("SubnetWebC")).allMatch(Replacements.Replacement::refused);
    assertThat(r).filteredOn(x -> x.logicalId().equals("SubnetWebCRouteTableAssociation"))
        .noneMatch(Replacements.Replacement::refused);
  }

  @Test
  void a_new_alarm_address_replaces_only_the_subscription_which_is_allowed() {
    String body = RENDERER.render(StackPart.WEB);
    Map<String, String> p = Map.of("AlarmEmail", "a@example.com", "ArtifactSha256", "5f".repeat(32), "RedisHost", "r");
    List<Replacements.Replacement> r = between(body, p, with(p, "AlarmEmail", "b@example.com"));
    assertThat(r).extracting(Replacements.Replacement::describe)
        .containsExactly("AlarmEmailSubscription (AWS::SNS::Subscription): Endpoint changes");
  }

  @Test
  void an_export_backed_by_a_replaced_resource_changes_for_the_stacks_that_import_it() {
    String body = RENDERER.render(StackPart.NETWORK);
    Map<String, String> p = Map.of("AdminCidr", "203.0.113.7/32", "AvailabilityZoneA", "eu-west-3a",
        "AvailabilityZoneB", "eu-west-3b", "AvailabilityZoneC", "eu-west-3c");
    Replacements.Version before = version(body, p);
    Replacements.Version after = version(body, with(p, "AvailabilityZoneA", "eu-west-3d"));
    List<Replacements.Replacement> r = Replacements.between(before, after, CREATE_ONLY, Set.of());
    assertThat(Replacements.changedExports(before, after, r, Set.of()))
        .contains("zerodown-dev-x-WebSubnetIds", "zerodown-dev-x-RedisSubnetIds").doesNotContain("zerodown-dev-x-VpcId");
  }
}
