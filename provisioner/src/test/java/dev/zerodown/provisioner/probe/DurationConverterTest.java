package dev.zerodown.provisioner.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.ZerodownCommand;
import dev.zerodown.provisioner.error.ExitCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The one duration grammar (ms, s, m, h; a bare number is seconds) of every duration option. */
class DurationConverterTest {
  private final DurationConverter converter = new DurationConverter();

  @Test
  void every_unit_reads() {
    assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(converter.convert("5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(converter.convert("90")).isEqualTo(Duration.ofSeconds(90));
    assertThat(converter.convert("30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(converter.convert("2h")).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void anything_else_is_refused_with_the_grammar() {
    assertThatThrownBy(() -> converter.convert("2d")).isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessage("'2d' is not a duration: use e.g. 250ms, 5s, 2m or 2h");
  }

  @Test
  void rollout_timeout_takes_hours_as_deploy_wait_timeout_does() {
    CommandLine.ParseResult parsed = ZerodownCommand.commandLine(Cli.host(), java.io.Writer.nullWriter(), java.io.Writer.nullWriter()).parseArgs("rollout", "--timeout", "2h");
    assertThat(parsed.subcommand().matchedOptionValue("--timeout", Duration.ZERO)).isEqualTo(Duration.ofHours(2));
    parsed = ZerodownCommand.commandLine(Cli.host(), java.io.Writer.nullWriter(), java.io.Writer.nullWriter()).parseArgs("deploy", "--wait-timeout", "2h");
    assertThat(parsed.subcommand().matchedOptionValue("--wait-timeout", Duration.ZERO)).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void a_bad_rollout_timeout_is_one_usage_line() {
    Cli.Result r = Cli.run("rollout", "--timeout", "2 hours");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().lines()).containsExactly("error: Invalid value for option '--timeout': '2 hours' is not a "
        + "duration: use e.g. 250ms, 5s, 2m or 2h (see: java -jar provisioner.jar rollout --help)");
  }

  @Test
  void a_bad_wait_timeout_is_one_usage_line_on_every_verb_that_takes_it() {
    for (String verb : new String[] {"deploy", "destroy", "continue-rollback", "scale"}) {
      Cli.Result r = Cli.run(verb, "--wait-timeout", "soon");
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.USAGE);
      assertThat(r.err().lines()).containsExactly("error: Invalid value for option '--wait-timeout': 'soon' is not a "
          + "duration: use e.g. 250ms, 5s, 2m or 2h (see: java -jar provisioner.jar " + verb + " --help)");
    }
  }
}
