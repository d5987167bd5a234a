package dev.zerodown.provisioner.logs;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code logs} read: the group, from when, and the events in time order; rendered as text or as JSON. */
public record LogsReport(String group, Instant since, List<LogLine> lines) {

  /** One {@code time  instance  message} line per event, or one line saying there was none. */
  public String text() {
    if (lines.isEmpty()) return "no log events in " + group + " since " + since + "\n";
    StringBuilder out = new StringBuilder();
    lines.forEach(l -> out.append(l.text()).append('\n'));
    return out.toString();
  }

  public Map<String, Object> document() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("group", group);
    root.put("since", since.toString());
    root.put("events", lines.stream().map(LogLine::document).toList());
    return root;
  }
}
