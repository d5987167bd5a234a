package dev.zerodown.provisioner.destroy;

import dev.zerodown.provisioner.aws.AwsFailures;
import dev.zerodown.provisioner.error.UserException;
import software.amazon.awssdk.core.exception.SdkException;

/** Why one step of a destroy failed, as the one line the left-behind list shows. */
final class Reasons {
  private Reasons() {}

  static String of(Throwable e) {
    if (e instanceof UserException) return e.getMessage();
    if (e instanceof SdkException s) return AwsFailures.translate(s).getMessage();
    return String.valueOf(e);
  }
}
