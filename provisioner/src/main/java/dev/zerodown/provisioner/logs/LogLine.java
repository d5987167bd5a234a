package dev.zerodown.provisioner.logs;

import dev.zerodown.provisioner.aws.LogsGateway.LogEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/** One log event as {@code logs} shows it: {@code time  instance  message}, the instance being the stream's name. */
public record LogLine(Instant time, String instance, String message, String eventId, long ingestionTime) {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /**
   * Time order across streams: by timestamp, then by ingestion time. The sort that uses it is stable, so events of one
   * stream with the same timestamp and ingestion time keep the order AWS returned them in (the order they were put).
   */
  public static final Comparator<LogLine> TIME_ORDER =
      Comparator.comparing(LogLine::time).thenComparingLong(LogLine::ingestionTime);

  public static LogLine of(LogEvent e) {
    return new LogLine(Instant.ofEpochMilli(e.timestamp()), instanceOf(e.stream()), oneLine(e.message()), e.eventId(),
        e.ingestionTime());
  }

  /** The stream is named by the instance id ({@code {instance_id}} in the CloudWatch agent's configuration). */
  static String instanceOf(String stream) {
    if (stream == null || stream.isEmpty()) return "-";
    int slash = stream.indexOf('/');
    return slash > 0 ? stream.substring(0, slash) : stream;
  }

  /** A message as one line: a trailing line break dropped, any inner one shown as a visible {@code \n}. */
  static String oneLine(String message) {
    if (message == null) return "";
    String m = message.endsWith("\n") ? message.substring(0, message.length() - 1) : message;
    if (m.endsWith("\r")) m = m.substring(0, m.length() - 1);
    return m.replace("\r\n", "\\n").replace("\n", "\\n");
  }

  public String text() {
    return TIME.format(time) + "  " + instance + "  " + message;
  }

  public Map<String, Object> document() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", time.toString());
    m.put("instance", instance);
    m.put("message", message);
    m.put("eventId", eventId);
    return m;
  }
}
