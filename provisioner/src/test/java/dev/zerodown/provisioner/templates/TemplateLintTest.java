package dev.zerodown.provisioner.templates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.environment.StackPart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cfn-lint (settings from the repository's .cfnlintrc) on the source templates and on what synth/deploy send. */
class TemplateLintTest {
  private static final String CONFIG = Templates.ROOT.resolve(".cfnlintrc").toString();

  @TempDir Path rendered;

  @Test
  void source_and_rendered_templates_lint_without_errors_warnings_or_informational_findings() throws IOException {
    List<String> command = new ArrayList<>(List.of("cfn-lint", "--config-file", CONFIG, "--format", "parseable", "--"));
    for (StackPart part : StackPart.values()) {
      command.add(Templates.ROOT.resolve(part.templateResource()).toString());
      Path r = rendered.resolve("rendered-" + part.partName() + ".yaml");
      Files.writeString(r, Templates.RENDERER.render(part));
      command.add(r.toString());
    }
    Templates.Run run = Templates.run(Templates.ROOT, Map.of(), 300, command);
    assertThat(run.output()).as("cfn-lint findings").isBlank();
    assertThat(run.exitCode()).as("cfn-lint exit code").isZero();
  }

  @Test
  void cfn_lint_reports_a_broken_template_so_a_clean_run_means_something() throws IOException {
    Path broken = rendered.resolve("broken.yaml");
    Files.writeString(broken, Templates.RENDERER.render(StackPart.NETWORK)
        .replace("HealthCheckPath: '/cgi-bin/ping.py'", "HealthCheckPathh: '/cgi-bin/ping.py'"));
    Templates.Run run = Templates.run(Templates.ROOT, Map.of(), 300,
        List.of("cfn-lint", "--config-file", CONFIG, "--format", "parseable", "--", broken.toString()));
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.output()).contains("HealthCheckPathh");
  }

  @Test
  void the_repository_config_turns_on_informational_checks_such_as_explicit_deletion_policies() throws IOException {
    Path noPolicy = rendered.resolve("no-policy.yaml");
    String database = Templates.RENDERER.render(StackPart.DATABASE);
    String stripped = database.replace("    DeletionPolicy: !If [HasSnapshotOnDelete, Snapshot, Delete]\n", "")
        .replace("    UpdateReplacePolicy: !If [HasSnapshotOnDelete, Snapshot, Delete]\n", "");
    assertThat(stripped).isNotEqualTo(database);
    Files.writeString(noPolicy, stripped);
    Templates.Run run = Templates.run(Templates.ROOT, Map.of(), 300,
        List.of("cfn-lint", "--config-file", CONFIG, "--format", "parseable", "--", noPolicy.toString()));
    assertThat(run.output()).contains("I3011");
  }
}
