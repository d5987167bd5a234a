package dev.zerodown.provisioner.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The line an interrupt ends the output with: every stack still being changed, not only the last one started. */
class InFlightTest {
  @Test
  void one_stack_running_is_named_with_how_to_resume() {
    InFlight f = new InFlight();
    f.start("zerodown-dev-artifacts", "zerodown-dev-artifacts is being created");
    assertThat(f.interruptedLine()).isEqualTo("interrupted: zerodown-dev-artifacts is being created; CloudFormation "
        + "keeps working on it. Run the same command again to resume (it waits for the running operation), or `status` "
        + "to look.");
  }

  @Test
  void both_stacks_of_the_parallel_wave_are_named() {
    InFlight f = new InFlight();
    f.start("zerodown-dev-bastion", "zerodown-dev-bastion is being created");
    f.start("zerodown-dev-database", "zerodown-dev-database is being updated");
    assertThat(f.interruptedLine()).isEqualTo("interrupted: zerodown-dev-bastion is being created and "
        + "zerodown-dev-database is being updated; CloudFormation keeps working on them. Run the same command again to "
        + "resume (it waits for the running operations), or `status` to look.");
    f.end("zerodown-dev-bastion");
    assertThat(f.running()).containsExactly("zerodown-dev-database is being updated");
  }

  @Test
  void nothing_running_says_so() {
    InFlight f = new InFlight();
    assertThat(f.interruptedLine()).isEqualTo("interrupted: no stack operation was running; run the same command again "
        + "to continue, or `status` to look.");
    f.finishing();
    assertThat(f.interruptedLine()).isEqualTo("interrupted: every stack operation had finished (the result is above); "
        + "nothing is left running.");
  }
}
