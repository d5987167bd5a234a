package dev.zerodown.provisioner.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The bundled name properties agree with the registry schemas: a name can only be set at creation. */
class CustomNamesTest {
  @Test
  void every_name_property_is_create_only_in_the_bundled_registry_schema_list() {
    CreateOnlyProperties createOnly = CreateOnlyProperties.bundled();
    assertThat(CustomNames.all()).isNotEmpty();
    CustomNames.all().forEach((type, property) -> assertThat(createOnly.of(type).orElse(List.of()))
        .as("%s %s", type, property).contains(List.of(property)));
  }

  @Test
  void the_replication_group_is_named_by_its_id() {
    assertThat(CustomNames.property("AWS::ElastiCache::ReplicationGroup")).contains("ReplicationGroupId");
    assertThat(CustomNames.property("AWS::SNS::Subscription")).isEmpty();
  }

  @Test
  void a_line_without_a_property_is_refused() {
    assertThatThrownBy(() -> CustomNames.parse("AWS::S3::Bucket\n"))
        .hasMessage("not '<type> <property>': AWS::S3::Bucket");
  }
}
