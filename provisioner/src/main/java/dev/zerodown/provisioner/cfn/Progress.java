package dev.zerodown.provisioner.cfn;

import dev.zerodown.provisioner.cli.Console;

/** Live progress of stack operations: a redrawn block on a TTY, one line per event elsewhere (CI logs). */
public interface Progress {
  /** An operation starts on {@code stack} ("create", "update", "delete", "wait"). */
  void begin(String stack, String operation, int totalResources);

  /** A new stack event arrived (stack-level or resource-level). */
  void event(StackEvent event, int resourcesDone);

  /** A poll saw the stack in {@code status}. */
  void tick(String stack, String status, int resourcesDone);

  /** The operation settled in {@code status}. */
  void end(String stack, String status, int resourcesDone);

  static Progress forConsole(Console console) {
    return console.interactive() ? new BlockProgress(console) : new LineProgress(console);
  }
}
