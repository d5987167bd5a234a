package dev.zerodown.provisioner.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.Cli.Result;
import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.error.ExitCode;
import org.junit.jupiter.api.Test;

/**
 * Bad sizes and targets for scale and deploy: exit 2 and one line, before any AWS call (the endpoint is a closed
 * loopback port: a call slipping through would fail with exit 3).
 */
class ScaleInputTest {
  private static final String NOWHERE = "http://127.0.0.1:1";

  private static Result scale(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "scale";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--endpoint-url";
    all[args.length + 2] = NOWHERE;
    return Cli.run(all);
  }

  private static Result deploy(String... args) {
    String[] all = new String[args.length + 6];
    all[0] = "deploy";
    System.arraycopy(args, 0, all, 1, args.length);
    System.arraycopy(new String[] {"--endpoint-url", NOWHERE, "--my-ip", "203.0.113.7/32", "--yes"}, 0, all, args.length + 1, 5);
    return Cli.run(all);
  }

  private static void refused(Result r, String line) {
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).isEqualTo("error: " + line + "\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void a_minimum_below_two_is_refused() {
    refused(scale("--min", "1", "--max", "4"), "--min must be at least 2 (the zero-downtime floor: one instance can be "
        + "replaced while another serves): 1");
  }

  @Test
  void a_maximum_not_above_the_minimum_is_refused() {
    refused(scale("--min", "3", "--max", "3"), "--max must be greater than --min (a rolling update adds its new instance "
        + "before an old one leaves): --min 3 --max 3");
    refused(scale("--min", "4", "--max", "2"), "--max must be greater than --min (a rolling update adds its new instance "
        + "before an old one leaves): --min 4 --max 2");
  }

  @Test
  void sizes_that_are_not_whole_numbers_are_refused() {
    refused(scale("--min", "two", "--max", "4"), "--min must be a whole number of instances: two");
    refused(scale("--min", "2", "--max", "4.5"), "--max must be a whole number of instances: 4.5");
    refused(scale("--min", "2", "--max", "101"), "--max must be at most 100: 101");
  }

  @Test
  void a_lone_size_is_checked_on_its_own_before_any_aws_call() {
    refused(scale("--min", "1"), "--min must be at least 2 (the zero-downtime floor: one instance can be replaced while "
        + "another serves): 1");
    refused(scale("--max", "101"), "--max must be at most 100: 101");
    refused(scale("--max", "six"), "--max must be a whole number of instances: six");
  }

  @Test
  void deploy_refuses_bad_sizes_and_targets_the_same_way() {
    refused(deploy("--web-min-size", "1"), "--web-min-size must be at least 2 (the zero-downtime floor: one instance can "
        + "be replaced while another serves): 1");
    refused(deploy("--web-min-size", "4"), "--web-max-size must be greater than --web-min-size (a rolling update adds its "
        + "new instance before an old one leaves): --web-min-size 4 --web-max-size 4");
    refused(deploy("--web-max-size", "x"), "--web-max-size must be a whole number of instances: x");
    refused(deploy("--target-cpu", "95"), "--target-cpu must be a whole number from 10 to 90 (percent): 95");
    refused(deploy("--target-requests-per-instance", "0"), "--target-requests-per-instance must be a whole number from 60 "
        + "to 1000000 (requests per instance per minute): 0");
  }
}
