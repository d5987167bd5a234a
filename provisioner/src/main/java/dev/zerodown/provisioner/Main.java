package dev.zerodown.provisioner;

import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.host.Host;

/** Entry point: {@code java -jar provisioner.jar VERB}; the verbs are {@link ZerodownCommand}'s subcommands. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Host host = Host.system();
    Thread hook = new Thread(() -> {
      String inFlight = host.resumeHint().get();
      if (inFlight != null) {
        System.err.println();
        System.err.println("interrupted: " + inFlight + "; CloudFormation keeps working on it. Run the same command "
            + "again to resume (it waits for the running operation), or `status` to look.");
        System.err.flush();
      }
    }, "zerodown-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    int code = ZerodownCommand.commandLine(host).execute(args);
    host.resumeHint().set(null);
    System.exit(code == 0 && host.resumeHint().get() != null ? ExitCode.INTERRUPTED : code);
  }
}
