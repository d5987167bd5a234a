package dev.zerodown.provisioner.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.Cli.Result;
import dev.zerodown.provisioner.e2e.MotoAccount;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** scale with one size only, against an environment of its own in moto_server: the other size stays as deployed. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ScaleOneSizeOnMotoTest {
  @RegisterExtension
  static final MotoAccount moto = MotoAccount.forTheClass();

  @BeforeAll
  static void deploy() {
    Result r = Cli.run(moto.deployDirect());
    assertThat(r.code()).as(r.toString()).isZero();
  }

  @Test
  void scale_max_alone_keeps_the_deployed_minimum() {
    Result r = Cli.run(moto.args("scale", "--max", "6", "--method", "direct", "--yes"));

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("zerodown-dev-web: min 2 -> 2, max 4 -> 6 (WebMinSize and WebMaxSize; the template and "
        + "every other parameter as deployed)", "web group web-dev: min 2, max 6, desired 2 (2 in service)");
    assertThat(moto.cfn().describe("zerodown-dev-web").orElseThrow().parameters())
        .containsEntry("WebMinSize", "2").containsEntry("WebMaxSize", "6");
  }
}
