package dev.zerodown.provisioner.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedisReachTest {
  private static final Optional<String> HOST = Optional.of("redis.internal");

  private static void refused(Optional<String> host, String cidr, String sg, String message) {
    assertThatThrownBy(() -> RedisReach.parse(host, cidr, sg)).isInstanceOfSatisfying(UserException.class,
        e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE)).hasMessage(message);
  }

  @Test
  void no_endpoint_and_no_reach_is_nothing_to_open() {
    assertThat(RedisReach.parse(Optional.empty(), null, null)).isEmpty();
  }

  @Test
  void cidr_or_security_group_without_an_endpoint_is_refused() {
    refused(Optional.empty(), "10.1.2.0/24", null, "--redis-cidr needs --redis-endpoint HOST:PORT");
    refused(Optional.empty(), null, "sg-0123456789abcdef0", "--redis-security-group needs --redis-endpoint HOST:PORT");
  }

  @Test
  void endpoint_without_cidr_or_security_group_is_refused_saying_what_to_pass() {
    assertThatThrownBy(() -> RedisReach.parse(HOST, null, null)).isInstanceOf(UserException.class)
        .hasMessageStartingWith("--redis-endpoint needs --redis-cidr CIDR or --redis-security-group sg-")
        .hasMessageNotContaining("\n");
  }

  @Test
  void cidr_security_group_or_both_are_kept_as_given() {
    assertThat(RedisReach.parse(HOST, "10.1.2.0/24", null)).contains(
        new RedisReach(Optional.of(new Cidr("10.1.2.0/24")), Optional.empty()));
    assertThat(RedisReach.parse(HOST, null, "sg-01234567")).contains(new RedisReach(Optional.empty(), Optional.of("sg-01234567")));
    assertThat(RedisReach.parse(HOST, "10.1.2.7", "sg-0123456789abcdef0")).contains(
        new RedisReach(Optional.of(new Cidr("10.1.2.7/32")), Optional.of("sg-0123456789abcdef0")));
  }

  @Test
  void a_cidr_open_to_every_address_is_refused() {
    refused(HOST, "0.0.0.0/0", null,
        "--redis-cidr 0.0.0.0/0 opens the Redis port to every address; pass your Redis's address or subnet, e.g. 10.1.2.0/24");
  }

  @Test
  void a_cidr_that_misses_the_endpoints_address_is_refused() {
    refused(Optional.of("10.1.3.9"), "10.1.2.0/24", null,
        "--redis-cidr 10.1.2.0/24 does not contain the --redis-endpoint address 10.1.3.9: pass a CIDR that does");
    assertThat(RedisReach.parse(Optional.of("10.1.2.9"), "10.1.2.0/24", null)).isPresent();
    assertThat(RedisReach.parse(Optional.of("10.1.2.9"), "10.1.2.9/32", null)).isPresent();
  }

  @Test
  void a_malformed_cidr_or_security_group_names_the_option() {
    refused(HOST, "10.1.2.0/33", null, "--redis-cidr prefix must be 0-32: 10.1.2.0/33");
    refused(HOST, "10.1.2.1/24", null, "--redis-cidr has host bits set; did you mean 10.1.2.0/24? 10.1.2.1/24");
    refused(HOST, null, "redis-sg",
        "--redis-security-group must be a security group id such as sg-0123456789abcdef0: redis-sg");
    refused(HOST, null, "sg-0123", "--redis-security-group must be a security group id such as sg-0123456789abcdef0: sg-0123");
  }

  @Test
  void cidr_contains_exactly_the_addresses_under_its_prefix() {
    Cidr net = Cidr.parse("--x", "10.1.2.0/23");
    assertThat(net.prefix()).isEqualTo(23);
    assertThat(net.contains("10.1.2.0")).isTrue();
    assertThat(net.contains("10.1.3.255")).isTrue();
    assertThat(net.contains("10.1.4.0")).isFalse();
    assertThat(net.contains("10.1.1.255")).isFalse();
    assertThat(Cidr.parse("--x", "0.0.0.0/0").contains("203.0.113.7")).isTrue();
  }
}
