package dev.zerodown.provisioner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.Cli.Result;
import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.error.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exit codes and one-line messages of bad input, through picocli's captured writers. The endpoint points at
 * a closed loopback port: an AWS call slipping through would fail with exit 3, not 2.
 */
class CommandLineTest {
  private static final String NOWHERE = "http://127.0.0.1:1";

  @Test
  void unknown_region_is_refused_before_any_aws_call() {
    Result r = Cli.run("deploy", "--region", "mars-north-1", "--endpoint-url", NOWHERE, "--my-ip", "203.0.113.7/32", "--yes");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip()).isEqualTo("error: unknown AWS region: mars-north-1 (e.g. eu-west-3, us-east-1)");
  }

  @Test
  void bad_cidr_is_refused_with_the_option_named() {
    Result r = Cli.run("deploy", "--endpoint-url", NOWHERE, "--my-ip", "203.0.113.300/32", "--yes");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip()).isEqualTo("error: --my-ip has an octet above 255: 203.0.113.300/32");
  }

  @Test
  void cidr_with_host_bits_suggests_the_network() {
    Result r = Cli.run("plan", "--endpoint-url", NOWHERE, "--my-ip", "203.0.113.7/24");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("did you mean 203.0.113.0/24?");
  }

  @Test
  void missing_public_key_file_is_refused(@TempDir Path dir) {
    Result r = Cli.run("deploy", "--endpoint-url", NOWHERE, "--my-ip", "203.0.113.7/32", "--yes",
        "--ssh-public-key", dir.resolve("id_ed25519.pub").toString());
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip()).startsWith("error: --ssh-public-key file not found: ").contains("ssh-keygen");
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void private_key_passed_as_public_key_is_refused(@TempDir Path dir) throws Exception {
    Path key = Files.writeString(dir.resolve("id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n");
    Result r = Cli.run("deploy", "--endpoint-url", NOWHERE, "--my-ip", "203.0.113.7/32", "--yes",
        "--ssh-public-key", key.toString());
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("is a private key; pass the .pub file");
  }

  @Test
  void key_name_and_public_key_together_are_refused(@TempDir Path dir) {
    Result r = Cli.run("deploy", "--endpoint-url", NOWHERE, "--my-ip", "203.0.113.7/32", "--yes",
        "--key-name", "mine", "--ssh-public-key", dir.resolve("x.pub").toString());
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip()).isEqualTo("error: pass either --key-name or --ssh-public-key, not both");
  }

  @Test
  void bad_instance_type_is_refused() {
    Result r = Cli.run("deploy", "--endpoint-url", NOWHERE, "--my-ip", "203.0.113.7/32", "--yes",
        "--web-instance-type", "huge");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip()).isEqualTo("error: --web-instance-type must look like t3.micro: huge");
  }

  @Test
  void bad_redis_endpoint_is_refused() {
    Result r = Cli.run("deploy", "--endpoint-url", NOWHERE, "--my-ip", "203.0.113.7/32", "--yes",
        "--redis-endpoint", "redis.internal:99999");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip()).isEqualTo("error: --redis-endpoint port must be 1-65535: redis.internal:99999");
  }

  @Test
  void own_redis_without_a_cidr_or_security_group_is_refused_before_any_aws_call() {
    Result r = Cli.run("deploy", "--endpoint-url", NOWHERE, "--my-ip", "203.0.113.7/32", "--yes",
        "--redis-endpoint", "redis.internal:6380");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip()).startsWith("error: --redis-endpoint needs --redis-cidr CIDR or --redis-security-group sg-");
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void redis_cidr_without_an_endpoint_is_refused() {
    Result r = Cli.run("plan", "--endpoint-url", NOWHERE, "--my-ip", "203.0.113.7/32", "--redis-cidr", "10.1.2.0/24");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip()).isEqualTo("error: --redis-cidr needs --redis-endpoint HOST:PORT");
  }

  @Test
  void bad_redis_security_group_is_refused() {
    Result r = Cli.run("deploy", "--endpoint-url", NOWHERE, "--my-ip", "203.0.113.7/32", "--yes",
        "--redis-endpoint", "10.1.2.9:6379", "--redis-security-group", "my-redis");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip())
        .isEqualTo("error: --redis-security-group must be a security group id such as sg-0123456789abcdef0: my-redis");
  }

  @Test
  void bad_env_name_is_refused() {
    Result r = Cli.run("status", "--endpoint-url", NOWHERE, "--env", "Prod_1");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--env must be a lowercase letter");
  }

  @Test
  void bad_method_is_refused() {
    Result r = Cli.run("deploy", "--endpoint-url", NOWHERE, "--method", "yolo");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--method must be change-set or direct: yolo");
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void unknown_option_is_one_line_with_a_help_hint() {
    Result r = Cli.run("deploy", "--frobnicate");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip()).isEqualTo("error: Unknown option: '--frobnicate' (see: java -jar provisioner.jar deploy --help)");
  }

  @Test
  void without_a_terminal_and_without_yes_destroy_refuses_at_once() {
    Result r = Cli.run("destroy", "--endpoint-url", NOWHERE);
    assertThat(r.code()).isEqualTo(ExitCode.NOT_CONFIRMED);
    assertThat(r.err()).contains("pass --yes");
  }

  @Test
  void unreachable_endpoint_is_exit_3_with_one_line() {
    Result r = Cli.run("status", "--endpoint-url", NOWHERE);
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.AWS_UNAVAILABLE);
    assertThat(r.err().strip()).startsWith("error: cannot reach AWS: ").doesNotContain("\n").doesNotContain("Exception");
  }

  @Test
  void my_ip_detection_failure_is_exit_3_with_its_cause_and_says_to_pass_my_ip() {
    Result r = Cli.run("plan", "--endpoint-url", NOWHERE);
    assertThat(r.code()).isEqualTo(ExitCode.AWS_UNAVAILABLE);
    assertThat(r.err().strip()).isEqualTo("error: could not detect your IP with http://127.0.0.1:1/: could not connect "
        + "to 127.0.0.1:1; check the network, or pass --my-ip CIDR, e.g. --my-ip 203.0.113.7/32");
  }

  @Test
  void every_verb_documents_the_exit_codes_in_help() {
    for (String verb : new String[] {"deploy", "plan", "status", "destroy"}) {
      Result r = Cli.run(verb, "--help");
      assertThat(r.code()).isZero();
      assertThat(r.out()).contains("Exit codes:").contains("  6  destroy left").contains("--endpoint-url")
          .contains("--region").contains("--profile").contains("--env").contains("--output").contains("--no-color")
          .contains("--verbose").contains("--yes").contains("--version");
    }
  }

  @Test
  void help_fits_80_columns_and_exit_code_lines_continue_indented_under_their_meaning() {
    for (String verb : new String[] {"deploy", "plan", "status", "destroy", "synth", "rollout", "verify", "drill",
        "continue-rollback", "logs", "scale"}) {
      Result r = Cli.run(verb, "--help");
      assertThat(r.code()).as(verb).isZero();
      List<String> lines = r.out().lines().toList();
      assertThat(lines).as(verb).allMatch(l -> l.length() <= 80, "fits 80 columns");
      assertThat(lines.get(0)).as(verb).startsWith("Usage: java -jar provisioner.jar " + verb + " ");
      // no word is split across lines: every long token of the option descriptions appears whole
      for (String token : List.of("al2023-ami-kernel-default-<arch>", "/aws/service/ami-amazon-linux-latest/",
          "(CreateStack/UpdateStack;", "eu-west-3a,eu-west-3b,eu-west-3c")) {
        if (verb.equals("deploy")) assertThat(r.out()).as(token).contains(token);
      }
      List<String> codes = lines.subList(lines.indexOf("Exit codes:") + 1, lines.size());
      assertThat(codes).as(verb).isNotEmpty().allMatch(l -> l.isEmpty() || l.startsWith(" ") || l.startsWith("130"));
      assertThat(codes.stream().filter(l -> l.startsWith("     ")).count()).as(verb + ": continuation lines").isPositive();
    }
  }

  @Test
  void version_is_printed() {
    Result r = Cli.run("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("zerodown provisioner ");
  }

  @Test
  void no_verb_prints_usage_and_exit_2() {
    Result r = Cli.run();
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("deploy").contains("destroy").contains("status").contains("plan");
  }
}
