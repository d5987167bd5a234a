package dev.zerodown.provisioner.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerodown.provisioner.error.UserException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"203.0.113.7/32, 203.0.113.7/32", "203.0.113.7, 203.0.113.7/32", "10.0.0.0/8, 10.0.0.0/8",
      "0.0.0.0/0, 0.0.0.0/0", " 198.51.100.0/24 , 198.51.100.0/24"})
  void accepts_ipv4_cidrs(String raw, String expected) {
    assertThat(Cidr.parse("--my-ip", raw).text()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "1.2.3/32", "1.2.3.4/33", "256.1.1.1/32", "1.2.3.4/24", "::1/128", "1.2.3.4/"})
  void refuses_anything_else_naming_the_option(String raw) {
    assertThatThrownBy(() -> Cidr.parse("--my-ip", raw)).isInstanceOf(UserException.class)
        .hasMessageStartingWith("--my-ip ")
        .satisfies(e -> assertThat(((UserException) e).exitCode()).isEqualTo(2));
  }
}
