package dev.zerodown.provisioner.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The bundled create-only list is what the registry schemas bundled with the installed cfn-lint say for the types
 * the templates use (provisioner/src/test/python/create_only.py run now, compared line by line).
 */
class CreateOnlyPropertiesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void the_bundled_list_matches_the_registry_schemas_of_the_installed_cfn_lint_for_every_type_the_templates_use()
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("python3", "provisioner/src/test/python/create_only.py"));
    try (Stream<Path> templates = Files.list(ROOT.resolve("cloudformation"))) {
      templates.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(p -> command.add(ROOT.relativize(p).toString()));
    }
    Process p = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("create_only.py finished").isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    String bundled = Files.readString(ROOT.resolve("provisioner/src/main/resources/" + CreateOnlyProperties.RESOURCE));
    assertThat(bundled).as("regenerate with: python3 provisioner/src/test/python/create_only.py cloudformation/*.yaml"
        + " > provisioner/src/main/resources/create-only-properties.txt").isEqualTo(out);
  }

  @Test
  void the_list_knows_the_create_only_properties_this_project_depends_on() {
    CreateOnlyProperties c = CreateOnlyProperties.bundled();
    assertThat(c.of("AWS::ElastiCache::ReplicationGroup").orElseThrow()).contains(List.of("PreferredCacheClusterAZs"))
        .doesNotContain(List.of("NumCacheClusters"), List.of("MultiAZEnabled"), List.of("AutomaticFailoverEnabled"));
    assertThat(c.of("AWS::EC2::Subnet").orElseThrow()).contains(List.of("AvailabilityZone"));
    assertThat(c.of("AWS::SNS::Subscription").orElseThrow()).contains(List.of("Endpoint"));
    assertThat(c.of("AWS::EC2::LaunchTemplate").orElseThrow()).containsExactly(List.of("LaunchTemplateName"));
    assertThat(c.of("AWS::AutoScaling::AutoScalingGroup").orElseThrow()).as("scale changes the sizes in place")
        .doesNotContain(List.of("MinSize"), List.of("MaxSize"), List.of("DesiredCapacity"));
    assertThat(c.of("AWS::No::SuchType")).isEmpty();
  }
}
