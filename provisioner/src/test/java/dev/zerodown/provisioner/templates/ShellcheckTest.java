package dev.zerodown.provisioner.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** shellcheck on every boot script in userdata/. */
class ShellcheckTest {
  @Test
  void every_userdata_script_is_shellcheck_clean() throws IOException {
    List<String> scripts;
    try (Stream<Path> s = Files.list(Templates.ROOT.resolve("userdata"))) {
      scripts = s.filter(p -> p.toString().endsWith(".sh")).map(Path::toString).sorted().toList();
    }
    assertThat(scripts).extracting(p -> Path.of(p).getFileName().toString()).contains("web.sh", "bastion.sh");
    List<String> command = new ArrayList<>(List.of("shellcheck", "--severity=style", "--shell=bash", "--"));
    command.addAll(scripts);
    Templates.Run run = Templates.run(Templates.ROOT, Map.of(), 120, command);
    assertThat(run.output()).as("shellcheck findings").isBlank();
    assertThat(run.exitCode()).isZero();
  }
}
