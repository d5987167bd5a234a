package dev.zerodown.provisioner.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.Cli.Result;
import dev.zerodown.provisioner.error.ExitCode;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Output under LC_ALL=C (US-ASCII) or another charset without the dash and arrows: ASCII stand-ins, never '?'. */
class ConsoleWriterTest {
  private static final String NOWHERE = "http://127.0.0.1:1";

  @Test
  void characters_ascii_cannot_encode_get_their_stand_ins() {
    assertThat(ConsoleWriter.encodable("denied (AccessDenied) — check the permissions; 1 → 2 … ≤ 3 ×4 ‘a’ “b”",
        StandardCharsets.US_ASCII)).isEqualTo("denied (AccessDenied) - check the permissions; 1 -> 2 ... <= 3 x4 'a' \"b\"");
  }

  @Test
  void a_charset_that_has_the_character_keeps_it() {
    assertThat(ConsoleWriter.encodable("a — b → c", StandardCharsets.UTF_8)).isEqualTo("a — b → c");
    // windows-1252 has the em dash and the ellipsis, not the arrow
    assertThat(ConsoleWriter.encodable("a — b → c …", Charset.forName("windows-1252"))).isEqualTo("a — b -> c …");
    assertThat(ConsoleWriter.encodable("é ü", StandardCharsets.ISO_8859_1)).isEqualTo("é ü");
    assertThat(ConsoleWriter.encodable("日本 \uD83D\uDE00", StandardCharsets.US_ASCII)).isEqualTo("?? ?");
  }

  @Test
  void an_error_line_under_lc_all_c_is_plain_ascii() {
    Result r = Cli.run(Cli.host(StandardCharsets.US_ASCII), "status", "--endpoint-url", NOWHERE, "--region", "eu-west-3");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.AWS_UNAVAILABLE);
    assertThat(r.err()).endsWith(" - check the network, --region or --endpoint-url" + System.lineSeparator())
        .matches("\\p{ASCII}*");
    Result utf8 = Cli.run(Cli.host(StandardCharsets.UTF_8), "status", "--endpoint-url", NOWHERE, "--region", "eu-west-3");
    assertThat(utf8.err()).endsWith(" — check the network, --region or --endpoint-url" + System.lineSeparator());
  }
}
