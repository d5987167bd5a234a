package dev.zerodown.provisioner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.Cli.Result;
import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.error.ExitCode;
import org.junit.jupiter.api.Test;

/**
 * --log-retention-days takes only the retention values CloudWatch Logs allows, refused before any AWS call (the
 * endpoint is a closed loopback port: an AWS call slipping through would be exit 3, not 2).
 */
class LogRetentionOptionTest {
  private static final String NOWHERE = "http://127.0.0.1:1";
  private static final String ALLOWED = "1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, "
      + "2557, 2922, 3288, 3653";

  @Test
  void a_retention_cloudwatch_logs_does_not_allow_is_exit_2_with_the_allowed_values() {
    for (String verb : new String[] {"deploy", "plan"}) {
      Result r = Cli.run(verb, "--endpoint-url", NOWHERE, "--my-ip", "203.0.113.7/32", "--yes",
          "--redis-endpoint", "redis.internal:6379", "--redis-cidr", "10.1.2.0/24", "--log-retention-days", "10");
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.USAGE);
      assertThat(r.err().strip()).isEqualTo("error: --log-retention-days must be one of " + ALLOWED
          + " (the values CloudWatch Logs allows): 10");
    }
  }

  @Test
  void a_retention_that_is_not_a_number_is_refused_the_same_way() {
    Result r = Cli.run("deploy", "--endpoint-url", NOWHERE, "--my-ip", "203.0.113.7/32", "--yes",
        "--redis-endpoint", "redis.internal:6379", "--redis-cidr", "10.1.2.0/24", "--log-retention-days", "two weeks");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip()).isEqualTo("error: --log-retention-days must be one of " + ALLOWED
        + " (the values CloudWatch Logs allows): two weeks");
  }

  @Test
  void the_help_names_the_option_and_its_default() {
    Result r = Cli.run("deploy", "--help");
    assertThat(r.out()).contains("--log-retention-days=DAYS").contains("(default: 14)");
  }
}
