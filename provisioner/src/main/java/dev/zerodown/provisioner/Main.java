package dev.zerodown.provisioner;

import dev.zerodown.provisioner.console.ConsoleWriter;
import dev.zerodown.provisioner.host.Host;
import dev.zerodown.provisioner.host.InFlight;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.time.Duration;

/** Entry point: {@code java -jar provisioner.jar VERB}; the verbs are {@link ZerodownCommand}'s subcommands. */
public final class Main {
  /** How long an interrupt lets a command whose work is done print its result (the summary after the last stack). */
  static final Duration RESULT_GRACE = Duration.ofSeconds(15);

  private Main() {}

  public static void main(String[] args) {
    Host host = Host.system();
    ConsoleWriter out = new ConsoleWriter(new OutputStreamWriter(System.out, host.charset()), host.charset(), host.gate());
    ConsoleWriter err = new ConsoleWriter(new OutputStreamWriter(System.err, host.charset()), host.charset(), host.gate());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> onExit(host, out, err), "zerodown-interrupt"));
    int code = ZerodownCommand.commandLine(host, out, err).execute(args);
    try {
      out.flush();
      err.flush();
    } catch (IOException gone) {
      // nothing left to print to
    }
    host.inFlight().finished();
    System.exit(code);
  }

  /**
   * Runs as the JVM exits. After the command returned: nothing. Otherwise it was interrupted (Ctrl-C, SIGTERM): a
   * command whose work is done gets {@link #RESULT_GRACE} to print its result; then one last line names every operation
   * still running (or says none is), and nothing is printed after it.
   */
  static void onExit(Host host, ConsoleWriter out, ConsoleWriter err) {
    InFlight inFlight = host.inFlight();
    if (inFlight.awaitFinished(Duration.ZERO)) return;
    if (inFlight.interruptOwned()) return; // the command's own hook stops it and prints its last line
    if (inFlight.running().isEmpty() && (inFlight.isFinishing() || settlesInto(inFlight))) {
      inFlight.awaitFinished(RESULT_GRACE);
    }
    host.gate().closeWith(() -> {
      try {
        out.flushNow();
        err.writeLast(System.lineSeparator() + inFlight.interruptedLine() + System.lineSeparator());
      } catch (IOException e) {
        // standard error is gone: nothing left to tell
      }
    });
  }

  /** True when, within a moment, the work turns out done (the last stack ended just before the summary began). */
  private static boolean settlesInto(InFlight inFlight) {
    inFlight.awaitFinished(Duration.ofMillis(300));
    return inFlight.isFinishing();
  }
}
