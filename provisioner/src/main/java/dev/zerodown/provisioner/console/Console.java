package dev.zerodown.provisioner.console;

import dev.zerodown.provisioner.cfn.Confirmer;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import dev.zerodown.provisioner.host.Host;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;

/** The user's side of a command: picocli's out/err writers, colours, verbosity and yes/no prompts. */
public final class Console implements Confirmer {
  private final PrintWriter out;
  private final PrintWriter err;
  private final Host host;
  private final boolean color;
  private final boolean verbose;
  private final boolean yes;
  private final boolean json;

  public Console(PrintWriter out, PrintWriter err, Host host, boolean noColor, boolean verbose, boolean yes,
      boolean json) {
    this.json = json;
    this.out = out;
    this.err = err;
    this.host = host;
    this.color = host.interactive() && !noColor && host.env("NO_COLOR") == null;
    this.verbose = verbose;
    this.yes = yes;
  }

  public PrintWriter out() {
    return out;
  }

  public PrintWriter err() {
    return err;
  }

  public boolean interactive() {
    return host.interactive();
  }

  public boolean verbose() {
    return verbose;
  }

  /** Progress and narration: standard output, or standard error when the result is JSON (stdout stays one document). */
  public synchronized void println(String line) {
    PrintWriter w = json ? err : out;
    w.println(line);
    w.flush();
  }

  /** The verb's result document (--output json). */
  public synchronized void result(String json) {
    out.println(json);
    out.flush();
  }

  /** Prints a verb's report: its lines, or with --output json its document on standard output. */
  public void print(Report report) {
    if (json) {
      result(Json.write(report.document()));
    } else {
      report.lines().forEach(this::println);
    }
  }

  /** Where progress goes: standard output, or standard error with --output json. */
  public PrintWriter log() {
    return json ? err : out;
  }

  public boolean json() {
    return json;
  }

  public synchronized void detail(String line) {
    if (verbose) {
      err.println(line);
      err.flush();
    }
  }

  public synchronized void warn(String line) {
    err.println(paint("33", "warning: ") + line);
    err.flush();
  }

  /** True when a question gets an answer: --yes, or a terminal. */
  public boolean answerable() {
    return yes || host.interactive();
  }

  /** Fails at once, before any work, when a prompt would be needed and nobody can answer it. */
  public void requireAnswerable(String what) {
    if (!answerable()) {
      throw new UserException(ExitCode.NOT_CONFIRMED,
          "no terminal to confirm " + what + ": pass --yes to proceed without prompts");
    }
  }

  /**
   * Asks a yes/no question (default no); --yes answers yes without asking. Without a terminal nobody can answer: exit 5
   * naming the question, so a run that needs no confirmation (up to date) never fails for want of one.
   */
  @Override
  public boolean confirm(String question) {
    if (yes) return true;
    if (!host.interactive()) {
      throw new UserException(ExitCode.NOT_CONFIRMED,
          "no terminal to answer \"" + question + "\": pass --yes to proceed without prompts");
    }
    synchronized (this) {
      log().print(question + " [y/N] ");
      log().flush();
      try {
        String answer = host.input().readLine();
        return answer != null && switch (answer.trim().toLowerCase(Locale.ROOT)) {
          case "y", "yes" -> true;
          default -> false;
        };
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  public String green(String s) {
    return paint("32", s);
  }

  public String red(String s) {
    return paint("31", s);
  }

  public String yellow(String s) {
    return paint("33", s);
  }

  public String bold(String s) {
    return paint("1", s);
  }

  public String dim(String s) {
    return paint("2", s);
  }

  private String paint(String code, String s) {
    return color ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
  }
}
