package dev.zerodown.provisioner.aws;

import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
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

  public static UserException translate(SdkException e) {
    if (e instanceof AwsServiceException s) {
      String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
      String message = s.awsErrorDetails() == null ? s.getMessage() : s.awsErrorDetails().errorMessage();
      String service = s.awsErrorDetails() == null ? "AWS" : s.awsErrorDetails().serviceName();
      if (code != null && DENIED.contains(code)) {
        return new UserException(ExitCode.AWS_UNAVAILABLE,
            service + " denied the request (" + code + "): " + oneLine(message)
                + " — check the credentials' permissions (README: Deploy to AWS)", e);
      }
      return new UserException(ExitCode.STACK_FAILED,
          service + " error" + (code == null ? "" : " " + code) + ": " + oneLine(message), e);
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
          "the AWS profile has no usable credentials: " + oneLine(text), e);
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof ConnectException || c instanceof UnknownHostException || c instanceof SocketTimeoutException) {
        return new UserException(ExitCode.AWS_UNAVAILABLE,
            "cannot reach AWS: " + oneLine(c.getMessage() == null ? c.toString() : c.getMessage())
                + " — check the network, --region or --endpoint-url", e);
      }
    }
    return new UserException(ExitCode.AWS_UNAVAILABLE, "AWS call failed: " + oneLine(text), e);
  }

  /** The first line of a message, trimmed. */
  public static String oneLine(String message) {
    if (message == null) return "";
    String s = message.strip();
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl).strip();
  }
}
