package dev.zerodown.provisioner.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.cfn.Progress;
import dev.zerodown.provisioner.cfn.StackEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private final StringWriter out = new StringWriter();

  private Progress progress(boolean tty) {
    return ConsoleProgress.forConsole(new Console(new PrintWriter(out), new PrintWriter(new StringWriter()),
        Cli.host(tty, ""), true, false, true, false));
  }

  private static StackEvent event(String stack, String logicalId, String status, String reason) {
    return new StackEvent(logicalId + status, Instant.parse("2026-11-25T10:00:00Z"), stack, logicalId, "AWS::EC2::VPC",
        status, reason);
  }

  @Test
  void off_a_terminal_every_event_is_one_line() {
    Progress p = progress(false);
    p.begin("zerodown-dev-network", "create", 2);
    p.event(event("zerodown-dev-network", "Vpc", "CREATE_IN_PROGRESS", null), 0);
    p.tick("zerodown-dev-network", "CREATE_IN_PROGRESS", 0);
    p.event(event("zerodown-dev-network", "Vpc", "CREATE_COMPLETE", null), 1);
    p.end("zerodown-dev-network", "CREATE_COMPLETE", 1);
    assertThat(out.toString().lines()).hasSize(4).doesNotHaveDuplicates()
        .allMatch(l -> !l.contains("\u001b"))
        .startsWith("zerodown-dev-network: create (2 resources)")
        .anyMatch(l -> l.endsWith(" zerodown-dev-network CREATE_COMPLETE AWS::EC2::VPC Vpc"))
        .last().asString().startsWith("zerodown-dev-network: CREATE_COMPLETE in ");
  }

  @Test
  void on_a_terminal_each_stack_is_one_line_redrawn_in_place() {
    Progress p = progress(true);
    p.begin("zerodown-dev-bastion", "create", 5);
    p.begin("zerodown-dev-database", "create", 4);
    p.tick("zerodown-dev-bastion", "CREATE_IN_PROGRESS", 2);
    p.end("zerodown-dev-database", "CREATE_COMPLETE", 4);
    p.end("zerodown-dev-bastion", "CREATE_COMPLETE", 5);
    String s = out.toString();
    assertThat(s).contains("\u001b[1A\u001b[2K");
    String last = s.substring(s.lastIndexOf('\r') + 1);
    assertThat(last.lines()).hasSize(2);
    assertThat(last.lines().toList().get(0)).startsWith("zerodown-dev-bastion   CREATE_COMPLETE  5/5  ");
    assertThat(last.lines().toList().get(1)).startsWith("zerodown-dev-database  CREATE_COMPLETE  4/4  ");
  }
}
