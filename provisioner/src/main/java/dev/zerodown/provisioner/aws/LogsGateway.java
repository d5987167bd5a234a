package dev.zerodown.provisioner.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * Owns the CloudWatch Logs client: reads a log group's events (FilterLogEvents, every page). Returns project records,
 * never SDK types; any other failure goes up as the SDK's exception, which {@link AwsFailures} translates once.
 */
public final class LogsGateway {
  private final CloudWatchLogsClient logs;
  private final Integer pageSize;

  public LogsGateway(CloudWatchLogsClient logs) {
    this(logs, null);
  }

  /** {@code pageSize}: events per FilterLogEvents page (null: AWS's own, up to 10,000 or 1 MB); tests make it small. */
  public LogsGateway(CloudWatchLogsClient logs, Integer pageSize) {
    this.logs = logs;
    this.pageSize = pageSize;
  }

  /** One event as CloudWatch Logs stores it: its stream, its timestamp and ingestion time (epoch ms), its text. */
  public record LogEvent(String eventId, String stream, long timestamp, long ingestionTime, String message) {}

  /**
   * The events of {@code group} with a timestamp at or after {@code startMillis}, of the streams named {@code stream}
   * (all streams when empty), that match the CloudWatch Logs filter pattern {@code pattern} (all when empty): every
   * page, in the order AWS returns them (not necessarily by time across streams). Empty when the group does not
   * exist; with a stream, also when that stream does not exist yet (the group is then asked for by name).
   */
  public Optional<List<LogEvent>> events(String group, long startMillis, Optional<String> stream, Optional<String> pattern) {
    List<LogEvent> out = new ArrayList<>();
    String token = null;
    try {
      do {
        String next = token;
        FilterLogEventsRequest.Builder b = FilterLogEventsRequest.builder().logGroupName(group).startTime(startMillis);
        stream.ifPresent(b::logStreamNames);
        pattern.ifPresent(b::filterPattern);
        if (pageSize != null) b.limit(pageSize);
        if (next != null) b.nextToken(next);
        FilterLogEventsResponse page = logs.filterLogEvents(b.build());
        page.events().forEach(e -> out.add(new LogEvent(e.eventId(), e.logStreamName(), orZero(e.timestamp()),
            orZero(e.ingestionTime()), e.message())));
        token = page.nextToken();
        // A page may be empty while the token still leads to more; the same token twice would loop forever.
        if (token != null && token.equals(next)) token = null;
      } while (token != null);
    } catch (ResourceNotFoundException e) {
      if (stream.isPresent() && exists(group)) return Optional.of(List.of());
      return Optional.empty();
    }
    return Optional.of(out);
  }

  /** True when {@code group} exists (DescribeLogGroups by name prefix, then the exact name). */
  public boolean exists(String group) {
    return logs.describeLogGroupsPaginator(b -> b.logGroupNamePrefix(group)).logGroups().stream()
        .anyMatch(g -> group.equals(g.logGroupName()));
  }

  private static long orZero(Long v) {
    return v == null ? 0 : v;
  }
}
