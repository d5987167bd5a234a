package dev.zerodown.provisioner.environment;

import static dev.zerodown.provisioner.environment.StackPart.ARTIFACTS;
import static dev.zerodown.provisioner.environment.StackPart.BASTION;
import static dev.zerodown.provisioner.environment.StackPart.DATABASE;
import static dev.zerodown.provisioner.environment.StackPart.NETWORK;
import static dev.zerodown.provisioner.environment.StackPart.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyTest {

  @Test
  void deploy_runs_artifacts_then_network_then_bastion_and_database_together_then_web() {
    assertThat(Topology.deployWaves(true)).containsExactly(
        List.of(ARTIFACTS), List.of(NETWORK), List.of(BASTION, DATABASE), List.of(WEB));
  }

  @Test
  void with_an_existing_redis_the_database_stack_is_left_out_and_web_only_waits_for_network() {
    assertThat(Topology.deployWaves(false)).containsExactly(
        List.of(ARTIFACTS), List.of(NETWORK), List.of(BASTION, WEB));
  }

  @Test
  void destroy_runs_in_reverse() {
    assertThat(Topology.destroyWaves()).containsExactly(
        List.of(WEB), List.of(BASTION, DATABASE), List.of(NETWORK), List.of(ARTIFACTS));
  }

  @Test
  void dependents_are_the_stacks_importing_a_part() {
    assertThat(Topology.dependents(NETWORK)).containsExactly(BASTION, DATABASE, WEB);
    assertThat(Topology.dependents(ARTIFACTS)).containsExactly(WEB);
    assertThat(Topology.dependents(WEB)).isEmpty();
  }
}
