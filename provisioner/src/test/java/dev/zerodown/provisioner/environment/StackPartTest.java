package dev.zerodown.provisioner.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StackPartTest {
  @Test
  void stack_names_follow_zerodown_env_part() {
    assertThat(StackPart.NETWORK.stackName("dev")).isEqualTo("zerodown-dev-network");
    assertThat(StackPart.WEB.stackName("prod2")).isEqualTo("zerodown-prod2-web");
  }

  @Test
  void declaration_order_is_a_valid_deployment_order() {
    List<StackPart> order = List.of(StackPart.values());
    assertThat(order).containsExactly(StackPart.ARTIFACTS, StackPart.NETWORK, StackPart.BASTION, StackPart.DATABASE, StackPart.WEB);
    for (StackPart p : order) {
      for (StackPart dep : p.dependsOn()) assertThat(order.indexOf(dep)).as(p + " after " + dep).isLessThan(order.indexOf(p));
    }
    assertThat(StackPart.BASTION.dependsOn()).doesNotContain(StackPart.DATABASE);
    assertThat(StackPart.DATABASE.dependsOn()).doesNotContain(StackPart.BASTION);
  }

  @Test
  void bad_environment_names_are_refused_with_what_is_allowed() {
    for (String bad : new String[] {"", "Dev", "1dev", "dev-1", "abcdefghijklmnopq", null}) {
      assertThatThrownBy(() -> StackPart.WEB.stackName(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("environment name must be a lowercase letter");
    }
  }

  @Test
  void parts_parse_from_their_names_and_unknown_names_list_the_valid_ones() {
    assertThat(StackPart.fromName("Network")).isEqualTo(StackPart.NETWORK);
    assertThatThrownBy(() -> StackPart.fromName("db")).hasMessageContaining("artifacts, network, bastion, database, web");
  }

  @Test
  void only_web_and_bastion_carry_boot_scripts() {
    assertThat(StackPart.WEB.userDataResource()).contains("userdata/web.sh");
    assertThat(StackPart.BASTION.userDataResource()).contains("userdata/bastion.sh");
    assertThat(StackPart.NETWORK.userDataResource()).isEmpty();
  }
}
