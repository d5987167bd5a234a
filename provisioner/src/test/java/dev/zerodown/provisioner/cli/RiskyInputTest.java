package dev.zerodown.provisioner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.Cli.Result;
import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.error.ExitCode;
import org.junit.jupiter.api.Test;

/**
 * Inputs that would deploy something unsafe or broken are refused before any AWS call (exit 2, one line that says
 * what to do). The endpoint is a closed loopback port: an input that passes reaches AWS and ends with exit 3.
 */
class RiskyInputTest {
  private static final String NOWHERE = "http://127.0.0.1:1";
  private static final String CERT = "arn:aws:acm:eu-west-3:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666";
  private static final String SECRET = "arn:aws:secretsmanager:eu-west-3:123456789012:secret:redis-auth-AbCdEf";

  private static Result deploy(String... extra) {
    String[] args = new String[6 + extra.length];
    System.arraycopy(new String[] {"deploy", "--endpoint-url", NOWHERE, "--region", "eu-west-3", "--yes"}, 0, args, 0, 6);
    System.arraycopy(extra, 0, args, 6, extra.length);
    return Cli.run(args);
  }

  @Test
  void ssh_from_the_whole_internet_is_refused_naming_the_flag_that_allows_it() {
    Result r = deploy("--my-ip", "0.0.0.0/0");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip()).isEqualTo("error: --my-ip 0.0.0.0/0 opens SSH on the bastion to the whole internet: "
        + "pass your own address (x.x.x.x/32), or add --allow-ssh-from-anywhere if you mean it");
  }

  @Test
  void ssh_from_all_of_ipv6_is_refused_naming_the_same_flag() {
    Result r = deploy("--my-ip", "::/0");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip()).isEqualTo("error: --my-ip ::/0 opens SSH on the bastion to the whole internet: "
        + "pass your own address (x.x.x.x/32), or add --allow-ssh-from-anywhere if you mean it");
  }

  @Test
  void a_prefix_shorter_than_8_is_refused_and_a_slash_8_is_accepted() {
    Result wide = deploy("--my-ip", "10.0.0.0/7");
    assertThat(wide.code()).as(wide.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(wide.err().strip()).isEqualTo("error: --my-ip 10.0.0.0/7 opens SSH on the bastion to more than a /8 of "
        + "the internet: pass your own address (x.x.x.x/32), or add --allow-ssh-from-anywhere if you mean it");
    Result eight = deploy("--my-ip", "10.0.0.0/8");
    assertThat(eight.code()).as("validation passed, AWS unreachable: " + eight).isEqualTo(ExitCode.AWS_UNAVAILABLE);
  }

  @Test
  void plan_with_the_flag_goes_on_and_says_ssh_is_open_to_the_internet() {
    Result r = Cli.run("plan", "--endpoint-url", NOWHERE, "--region", "eu-west-3", "--my-ip", "0.0.0.0/0",
        "--allow-ssh-from-anywhere");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.AWS_UNAVAILABLE);
    assertThat(r.err()).contains("warning: SSH to the bastion is open to 0.0.0.0/0 (--allow-ssh-from-anywhere): "
        + "anyone may try to log in");
  }

  @Test
  void a_certificate_without_a_domain_name_is_refused_with_the_reason() {
    Result r = deploy("--my-ip", "203.0.113.7/32", "--certificate-arn", CERT);
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip()).isEqualTo("error: --certificate-arn needs --domain-name NAME: a certificate names your "
        + "domain, never the load balancer's own amazonaws.com name, so HTTPS is served on your name");
  }

  @Test
  void a_hosted_zone_without_a_domain_name_is_refused() {
    Result r = deploy("--my-ip", "203.0.113.7/32", "--hosted-zone-id", "Z0123456789ABCDEFGHIJ");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip()).isEqualTo("error: --hosted-zone-id needs --domain-name NAME (the record it creates)");
  }

  @Test
  void a_certificate_with_its_domain_name_passes_validation() {
    Result r = deploy("--my-ip", "203.0.113.7/32", "--certificate-arn", CERT, "--domain-name", "www.example.com",
        "--hosted-zone-id", "Z0123456789ABCDEFGHIJ");
    assertThat(r.code()).as("validation passed, AWS unreachable: " + r).isEqualTo(ExitCode.AWS_UNAVAILABLE);
    assertThat(r.out()).contains("Domain: https://www.example.com/ (alias record in hosted zone Z0123456789ABCDEFGHIJ)");
  }

  @Test
  void redis_tls_to_an_ip_address_is_refused_asking_for_the_certificate_host_name() {
    Result r = deploy("--my-ip", "203.0.113.7/32", "--redis-endpoint", "10.1.2.3:6379", "--redis-cidr", "10.1.2.0/24",
        "--redis-tls");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip()).isEqualTo("error: --redis-tls needs the host name that the Redis server's certificate "
        + "names, not an IP address (the agent verifies the certificate's host name): --redis-endpoint 10.1.2.3:6379");
  }

  @Test
  void redis_without_tls_may_be_an_ip_address() {
    Result r = deploy("--my-ip", "203.0.113.7/32", "--redis-endpoint", "10.1.2.3:6379", "--redis-cidr", "10.1.2.0/24");
    assertThat(r.code()).as("validation passed, AWS unreachable: " + r).isEqualTo(ExitCode.AWS_UNAVAILABLE);
  }

  @Test
  void a_kms_key_without_the_secret_it_encrypts_is_refused() {
    Result r = deploy("--my-ip", "203.0.113.7/32", "--redis-endpoint", "redis.example.internal:6379", "--redis-cidr",
        "10.1.2.0/24", "--redis-auth-kms-key", "arn:aws:kms:eu-west-3:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip()).isEqualTo("error: --redis-auth-kms-key needs --redis-auth-secret-arn (the secret it encrypts)");
  }

  @Test
  void a_kms_alias_is_refused_because_iam_grants_name_the_key() {
    Result r = deploy("--my-ip", "203.0.113.7/32", "--redis-endpoint", "redis.example.internal:6379", "--redis-cidr",
        "10.1.2.0/24", "--redis-auth-secret-arn", SECRET, "--redis-auth-kms-key", "arn:aws:kms:eu-west-3:123456789012:alias/redis");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip()).isEqualTo("error: --redis-auth-kms-key must be a key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), "
        + "not an alias: arn:aws:kms:eu-west-3:123456789012:alias/redis");
  }
}
