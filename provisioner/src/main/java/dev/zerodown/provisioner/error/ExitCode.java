package dev.zerodown.provisioner.error;

/** Every exit code the provisioner returns, in one place (documented in the README and in --help). */
public final class ExitCode {
  private ExitCode() {}

  /** Done, or nothing to do ("up to date"). */
  public static final int OK = 0;
  /** A stack operation failed or rolled back; the failing resources' reasons were printed. */
  public static final int STACK_FAILED = 1;
  /** Bad usage or input (unknown option, bad CIDR, unknown region, missing key): nothing was called. */
  public static final int USAGE = 2;
  /** AWS could not be used: no credentials or SSO login, access denied, unreachable, throttling or 5xx past the retries. */
  public static final int AWS_UNAVAILABLE = 3;
  /** A precondition does not hold (fewer than 3 AZs, architecture mismatch, stack in an unrecoverable state). */
  public static final int PRECONDITION = 4;
  /** Not confirmed: the user answered no, or no TTY and no --yes. */
  public static final int NOT_CONFIRMED = 5;
  /** destroy left something behind (listed in the output). */
  public static final int PARTIAL_DESTROY = 6;
  /** CloudFormation rejected a template or its parameters. */
  public static final int TEMPLATE_REJECTED = 7;
  /** A stack stayed busy with another operation longer than --wait-timeout. */
  public static final int STACK_BUSY = 8;
  /** verify: fewer than 2 instances answered, a request failed, or the counter did not rise on every answer. */
  public static final int VERIFY_FAILED = 9;
  /**
   * drill: no replacement served (redis-failover: the failover not over, or hello.py not served again) within
   * --timeout, or more requests failed than --max-failed allows.
   */
  public static final int DRILL_FAILED = 10;
  /** Interrupted (Ctrl-C): CloudFormation keeps working; run the command again to resume. */
  public static final int INTERRUPTED = 130;

  /**
   * The table printed at the end of every verb's --help: each line within 79 columns (picocli's usage width is 80), a
   * meaning that needs two lines continues under its first word.
   */
  public static final String[] HELP = {
      "  0  success, or nothing to change (\"up to date\")",
      "  1  a stack operation failed or rolled back (reasons printed); status: a",
      "     stack is *_FAILED",
      "  2  bad usage or input; no AWS call was made",
      "  3  AWS unavailable: no credentials or SSO login, denied, unreachable,",
      "     throttled or HTTP 5xx past the retries",
      "  4  a precondition failed (AZs, architecture, Elastic IP quota, stack state,",
      "     change set OBSOLETE)",
      "  5  not confirmed (answered no, or no terminal and no --yes; --yes and a",
      "     stateful replacement without --allow-replacement)",
      "  6  destroy left resources or stacks behind (listed)",
      "  7  CloudFormation rejected a template or its parameters",
      "  8  a stack stayed busy longer than --wait-timeout",
      "  9  verify: fewer than 2 instances answered, a request failed, or the",
      "     counter did not rise",
      " 10  drill: no replacement or Redis failover recovery in time, or more",
      "     requests failed than --max-failed",
      "130  interrupted; CloudFormation keeps working, run the command again to",
      "     resume",
  };
}
