package dev.zerodown.provisioner.cli;

import dev.zerodown.provisioner.error.UserException;

/** The one shape check of an ARN option: the partition prefix and the service it must belong to. */
final class Arns {
  private Arns() {}

  /** Refuses a value (when given) that is not an ARN of {@code service}; the message names the option. */
  static void check(String option, String value, String service) {
    if (value != null && !value.startsWith("arn:aws") || value != null && !value.contains(":" + service + ":")) {
      throw UserException.usage(option + " must be an " + service + " ARN (arn:aws:" + service + ":…): " + value);
    }
  }
}
