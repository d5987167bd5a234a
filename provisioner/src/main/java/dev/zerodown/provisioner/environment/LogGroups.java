package dev.zerodown.provisioner.environment;

import dev.zerodown.provisioner.error.UserException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The web stack's two CloudWatch Logs groups (cloudformation/web.yaml): {@code /zerodown/<env>/agent} (the agents'
 * output) and {@code /zerodown/<env>/boot} (cloud-init's output, every line web.sh logs), one stream per instance id
 * in each, and the retention they keep.
 */
public final class LogGroups {
  /** The retention values CloudWatch Logs allows (RetentionInDays of AWS::Logs::LogGroup, docs/aws-behaviour.md). */
  public static final List<Integer> RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
      731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
  /** The retention when --log-retention-days is not given (the template's default). */
  public static final int DEFAULT_RETENTION_DAYS = 14;

  private LogGroups() {}

  public static String agent(String env) {
    return "/zerodown/" + env + "/agent";
  }

  public static String boot(String env) {
    return "/zerodown/" + env + "/boot";
  }

  /** {@code raw} as a retention CloudWatch Logs allows, or the one-line usage error that lists them. */
  public static int retention(String raw) {
    try {
      int days = Integer.parseInt(raw.strip());
      if (RETENTION_DAYS.contains(days)) return days;
    } catch (NumberFormatException notANumber) {
      // the same message as a number CloudWatch Logs does not allow
    }
    throw UserException.usage("--log-retention-days must be one of "
        + RETENTION_DAYS.stream().map(String::valueOf).collect(Collectors.joining(", "))
        + " (the values CloudWatch Logs allows): " + raw);
  }
}
