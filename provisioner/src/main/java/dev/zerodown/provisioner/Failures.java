package dev.zerodown.provisioner;

import dev.zerodown.provisioner.aws.AwsFailures;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.io.PrintWriter;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;
import software.amazon.awssdk.core.exception.SdkException;

/** Prints a failure as one line on standard error and maps it to its exit code (stack trace with --verbose). */
final class Failures implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
    UserException e = ex instanceof UserException u ? u
        : ex instanceof SdkException s ? AwsFailures.translate(s)
        : new UserException(ExitCode.STACK_FAILED, "unexpected failure: " + ex + " (run with --verbose for details)", ex);
    PrintWriter err = cl.getErr();
    err.println("error: " + e.getMessage());
    if (verbose(parsed) && (e.getCause() != null || e != ex)) {
      (e.getCause() != null ? e.getCause() : ex).printStackTrace(err);
    }
    err.flush();
    return e.exitCode();
  }

  static int usage(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println("error: " + ex.getMessage() + " (see: " + cl.getCommandSpec().qualifiedName() + " --help)");
    err.flush();
    return ExitCode.USAGE;
  }

  private static boolean verbose(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) return true;
    }
    return false;
  }
}
