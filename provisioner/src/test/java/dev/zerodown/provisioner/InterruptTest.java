package dev.zerodown.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.console.ConsoleWriter;
import dev.zerodown.provisioner.host.Host;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What the exit hook prints when the JVM exits before the command returned (Ctrl-C): every stack still running, the
 * result first when the work was done, and nothing after its line.
 */
class InterruptTest {
  private final Host host = Cli.host();
  private final StringWriter outText = new StringWriter();
  private final StringWriter errText = new StringWriter();
  private final ConsoleWriter out = new ConsoleWriter(outText, StandardCharsets.UTF_8, host.gate());
  private final ConsoleWriter err = new ConsoleWriter(errText, StandardCharsets.UTF_8, host.gate());

  @Test
  void after_the_command_returned_the_hook_prints_nothing() {
    host.inFlight().finished();
    Main.onExit(host, out, err);
    assertThat(errText.toString()).isEmpty();
    assertThat(host.gate().isClosed()).isFalse();
  }

  @Test
  void a_command_that_owns_its_interrupt_ends_with_its_own_line_and_the_hook_adds_none() {
    host.inFlight().ownInterrupt();  // logs --follow: "stopped following ..." is its last line
    Main.onExit(host, out, err);
    assertThat(errText.toString()).isEmpty();
    assertThat(host.gate().isClosed()).isFalse();
  }

  @Test
  void during_the_parallel_wave_both_stacks_are_named_and_nothing_follows_the_line() {
    host.inFlight().start("zerodown-dev-bastion", "zerodown-dev-bastion is being created");
    host.inFlight().start("zerodown-dev-database", "zerodown-dev-database is being created");
    PrintWriter progress = new PrintWriter(out, true);
    progress.println("zerodown-dev-bastion  CREATE_IN_PROGRESS  0/9  12s");
    Main.onExit(host, out, err);
    progress.println("zerodown-dev-bastion  CREATE_IN_PROGRESS  1/9  14s");  // a poller thread's late redraw
    new PrintWriter(err, true).println("error: interrupted");
    assertThat(outText.toString()).isEqualTo("zerodown-dev-bastion  CREATE_IN_PROGRESS  0/9  12s" + System.lineSeparator());
    assertThat(errText.toString().strip()).isEqualTo("interrupted: zerodown-dev-bastion is being created and "
        + "zerodown-dev-database is being created; CloudFormation keeps working on them. Run the same command again to "
        + "resume (it waits for the running operations), or `status` to look.");
  }

  @Test
  void after_the_last_stack_settled_the_summary_prints_before_the_line() throws Exception {
    host.inFlight().finishing();
    Thread summary = new Thread(() -> {
      try {
        Thread.sleep(300);  // the summary's own AWS calls (the web instances' addresses)
      } catch (InterruptedException e) {
        return;
      }
      new PrintWriter(out, true).println("Deployed zerodown-dev (eu-west-3) in 4m 2s");
      host.inFlight().finished();
    });
    summary.start();
    Main.onExit(host, out, err);
    summary.join();
    assertThat(outText.toString()).isEqualTo("Deployed zerodown-dev (eu-west-3) in 4m 2s" + System.lineSeparator());
    assertThat(errText.toString().strip()).isEqualTo("interrupted: every stack operation had finished (the result is "
        + "above); nothing is left running.");
  }
}
