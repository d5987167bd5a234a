package dev.zerodown.provisioner.drill;

import dev.zerodown.provisioner.probe.DurationConverter;
import dev.zerodown.provisioner.probe.Probe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What both drill reports write the same way: times after the kill, failure kinds, milliseconds in JSON. */
final class ReportParts {
  private ReportParts() {}

  static Long ms(Optional<Duration> d) {
    return d.map(Duration::toMillis).orElse(null);
  }

  static String at(Duration d) {
    return "+" + DurationConverter.human(d);
  }

  static Map<String, Long> kindCounts(List<Probe> failed) {
    return failed.stream().collect(Collectors.groupingBy(Probe::error, TreeMap::new, Collectors.counting()));
  }

  static String kinds(List<Probe> failed) {
    return kindCounts(failed).entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .map(e -> e.getKey() + " ×" + e.getValue()).collect(Collectors.joining(", "));
  }
}
