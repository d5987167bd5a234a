package dev.zerodown.provisioner.error;

/** A failure the user can act on: one line of text and the exit code to return. No stack trace. */
public final class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  public UserException(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  public UserException(int exitCode, String message, Throwable cause) {
    super(message, cause, false, false);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  public static UserException usage(String message) {
    return new UserException(ExitCode.USAGE, message);
  }
}
