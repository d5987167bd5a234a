package dev.zerodown.provisioner.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The web group's sizes and targets as deploy takes them: checked before any AWS call, kept when not given. */
class WebScalingTest {
  private static void refused(Runnable r, String message) {
    assertThatThrownBy(r::run).isInstanceOf(UserException.class).hasMessage(message)
        .satisfies(e -> assertThat(((UserException) e).exitCode()).isEqualTo(ExitCode.USAGE));
  }

  @Test
  void defaults_are_two_to_four_3000_requests_and_60_percent() {
    assertThat(WebScaling.of(null, null, null, null)).isEqualTo(new WebScaling(2, 4, 3000, 60, false));
    assertThat(WebScaling.of("3", "9", "1200", "45")).isEqualTo(new WebScaling(3, 9, 1200, 45, true));
  }

  @Test
  void the_minimum_is_at_least_two_and_the_maximum_above_it() {
    refused(() -> WebScaling.of("1", null, null, null), "--web-min-size must be at least 2 (the zero-downtime floor: "
        + "one instance can be replaced while another serves): 1");
    refused(() -> WebScaling.of(null, "2", null, null), "--web-max-size must be greater than --web-min-size (a rolling "
        + "update adds its new instance before an old one leaves): --web-min-size 2 --web-max-size 2");
    refused(() -> WebScaling.of("six", "8", null, null), "--web-min-size must be a whole number of instances: six");
    refused(() -> WebScaling.of("2", "-3", null, null), "--web-max-size must be a whole number of instances: -3");
    refused(() -> WebScaling.sizes("--min", "2", "--max", "500"), "--max must be at most 100: 500");
  }

  @Test
  void targets_stay_within_what_the_template_accepts() {
    refused(() -> WebScaling.of(null, null, "59", null), "--target-requests-per-instance must be a whole number from 60 "
        + "to 1000000 (requests per instance per minute): 59");
    refused(() -> WebScaling.of(null, null, null, "5"), "--target-cpu must be a whole number from 10 to 90 (percent): 5");
  }

  @Test
  void without_sizes_on_the_command_line_the_deployed_ones_are_kept() {
    WebScaling none = WebScaling.of(null, null, null, "70");
    assertThat(none.keeping(Optional.of(Map.of("WebMinSize", "3", "WebMaxSize", "8"))))
        .isEqualTo(new WebScaling(3, 8, 3000, 70, false));
    assertThat(none.keeping(Optional.empty())).isEqualTo(none);
    assertThat(none.keeping(Optional.of(Map.of("InstanceType", "t3.micro")))).as("a stack from before the sizes").isEqualTo(none);
    WebScaling given = WebScaling.of("2", "5", null, null);
    assertThat(given.keeping(Optional.of(Map.of("WebMinSize", "3", "WebMaxSize", "8")))).isEqualTo(given);
  }

  @Test
  void the_web_stack_gets_four_parameters() {
    Map<String, String> p = new LinkedHashMap<>();
    new WebScaling(2, 6, 3000, 60, true).putParameters(p);
    assertThat(p).containsExactly(Map.entry("WebMinSize", "2"), Map.entry("WebMaxSize", "6"),
        Map.entry("TargetRequestsPerInstance", "3000"), Map.entry("TargetCpuUtilization", "60"));
  }
}
