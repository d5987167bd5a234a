package dev.zerodown.provisioner.aws;

import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns AWS SDK exceptions into one line the user can act on, with the matching exit code. */
public final class AwsFailures {
  private static final Set<String> DENIED = Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
      "InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch", "ExpiredToken",
      "ExpiredTokenException", "AuthFailure", "InvalidAccessKeyId");

  private AwsFailures() {}

  /** What to do once AWS answers again: CloudFormation carries on with what it started meanwhile. */
  static final String RESUME = "CloudFormation keeps working on what it started: run the same command again to resume";

  public static UserException translate(SdkException e) {
    if (e instanceof AwsServiceException s) {
      String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
      String message = s.awsErrorDetails() == null ? s.getMessage() : s.awsErrorDetails().errorMessage();
      String service = service(s);
      if (code != null && DENIED.contains(code)) {
        return new UserException(ExitCode.AWS_UNAVAILABLE,
            service + " denied the request (" + code + "): " + oneLine(message)
                + " — check the credentials' permissions (README: Deploy to AWS)", e);
      }
      if (isTransient(s)) return unavailable(s, null);
      String reason = oneLine(message);
      return new UserException(ExitCode.STACK_FAILED, service + " error" + (code == null ? "" : " " + code) + ": "
          + (reason.isEmpty() ? "no reason given (HTTP " + s.statusCode() + ")" : reason), e);
    }
    String text = String.valueOf(e.getMessage());
    if (e instanceof SdkClientException && text.contains("Unable to load credentials")) {
      return new UserException(ExitCode.AWS_UNAVAILABLE,
          "no AWS credentials found: run `aws configure` or `aws sso login`, set AWS_ACCESS_KEY_ID and "
              + "AWS_SECRET_ACCESS_KEY, or pass --profile", e);
    }
    if (text.contains("Profile file contained no credentials") || text.contains("not found in any profile")
        || text.contains("does not exist in profile file") || text.contains("Profile '")) {
      return new UserException(ExitCode.AWS_UNAVAILABLE,
          "the AWS profile has no usable credentials: " + withoutSdkDump(oneLine(text))
              + " (give it aws_access_key_id, sso_session, role_arn or credential_process: aws configure --profile NAME)", e);
    }
    Throwable network = networkCause(e);
    if (network != null) {
      return new UserException(ExitCode.AWS_UNAVAILABLE,
          "cannot reach AWS: " + describe(network) + " — check the network, --region or --endpoint-url", e);
    }
    return new UserException(ExitCode.AWS_UNAVAILABLE, "AWS call failed: " + oneLine(text), e);
  }

  /**
   * True for a failure that says AWS is busy or out of reach right now, not that the request is wrong: throttling
   * (whatever its status), an HTTP 5xx, or a network error. Missing credentials are never transient, even when
   * the credential chain's last provider met a refused connection.
   */
  public static boolean isTransient(SdkException e) {
    if (e instanceof AwsServiceException s) return s.isThrottlingException() || s.statusCode() >= 500;
    String text = String.valueOf(e.getMessage());
    if (text.contains("Unable to load credentials")) return false;
    return networkCause(e) != null;
  }

  /**
   * Exit 3 for a transient failure (see {@link #isTransient}) that outlasted the retries: the service, the HTTP
   * status and AWS's error code, and how to resume. {@code retriedFor} is how long a poll loop kept retrying
   * (null: only the SDK's own attempts).
   */
  public static UserException unavailable(SdkException e, Duration retriedFor) {
    String what;
    if (e instanceof AwsServiceException s) {
      String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
      String message = oneLine(s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorMessage());
      what = service(s) + " answered HTTP " + s.statusCode() + (code == null ? "" : " " + code)
          + (message.isEmpty() ? "" : " (" + message + ")");
    } else {
      Throwable network = networkCause(e);
      what = "cannot reach AWS (" + (network == null ? oneLine(e.getMessage()) : describe(network)) + ")";
    }
    String how = retriedFor == null ? "after the SDK's retries" : "through " + human(retriedFor) + " of retries";
    return new UserException(ExitCode.AWS_UNAVAILABLE, "AWS unavailable: " + what + " " + how + "; " + RESUME, e);
  }

  /**
   * Exit 3 for an SSO (IAM Identity Center) profile whose login is missing or expired: the SDK cannot refresh it
   * without a browser, `aws sso login` can.
   */
  public static UserException ssoLoginNeeded(String profile, Throwable cause) {
    return new UserException(ExitCode.AWS_UNAVAILABLE, "the AWS profile " + profile
        + " signs in with IAM Identity Center (SSO) and has no valid login: run aws sso login --profile " + profile, cause);
  }

  private static String service(AwsServiceException s) {
    String name = s.awsErrorDetails() == null ? null : s.awsErrorDetails().serviceName();
    return name == null || name.isBlank() ? "AWS" : name;
  }

  private static Throwable networkCause(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof ConnectException || c instanceof UnknownHostException || c instanceof SocketTimeoutException
          || c instanceof SocketException) {
        return c;
      }
    }
    return null;
  }

  private static String describe(Throwable network) {
    String m = network.getMessage();
    if (network instanceof UnknownHostException) return "could not resolve host " + m;
    return oneLine(m == null || m.isBlank() ? network.getClass().getSimpleName() : m);
  }

  /** The SDK's message without the parsed file it appends (": ProfileFile(sections=[...])"). */
  static String withoutSdkDump(String message) {
    int dump = message.indexOf(": ProfileFile(");
    return dump < 0 ? message : message.substring(0, dump);
  }

  /** 2m, 90s, 1.5s, 250ms: the budget as a person reads it. */
  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) return ms + "ms";
    if (ms % 60_000 == 0) return (ms / 60_000) + "m";
    if (ms % 1000 == 0) return (ms / 1000) + "s";
    return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
  }

  /** The first line of a message, trimmed. */
  public static String oneLine(String message) {
    if (message == null) return "";
    String s = message.strip();
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl).strip();
  }
}
