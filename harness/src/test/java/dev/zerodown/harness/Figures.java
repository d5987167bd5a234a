package dev.zerodown.harness;

import java.util.ArrayList;
import java.util.List;

/** The harness's result table: each figure an experiment measured, its bound, and whether it held. */
final class Figures {
  private final List<Row> rows = new ArrayList<>();

  /** Records a figure that is reported only. */
  synchronized void report(String experiment, String figure, Object value) {
    rows.add(new Row(experiment, figure, String.valueOf(value), "-", true));
  }

  /** Records a figure with its bound; {@code held} says whether the value is within it. */
  synchronized void check(String experiment, String figure, Object value, String bound, boolean held) {
    rows.add(new Row(experiment, figure, String.valueOf(value), bound, held));
  }

  /** The figures of {@code experiment} that missed their bound, one line each. */
  synchronized List<String> missed(String experiment) {
    return rows.stream().filter(r -> r.experiment.equals(experiment) && !r.held)
        .map(r -> r.figure + " = " + r.value + " (bound " + r.bound + ")").toList();
  }

  synchronized String table() {
    int e = "experiment".length(), f = "figure".length(), v = "value".length(), b = "bound".length();
    for (Row r : rows) {
      e = Math.max(e, r.experiment.length());
      f = Math.max(f, r.figure.length());
      v = Math.max(v, r.value.length());
      b = Math.max(b, r.bound.length());
    }
    String fmt = "| %-" + e + "s | %-" + f + "s | %" + v + "s | %-" + b + "s | %-4s |%n";
    StringBuilder s = new StringBuilder();
    s.append(String.format(fmt, "experiment", "figure", "value", "bound", "held"));
    s.append(String.format(fmt, "-".repeat(e), "-".repeat(f), "-".repeat(v), "-".repeat(b), "----"));
    for (Row r : rows) s.append(String.format(fmt, r.experiment, r.figure, r.value, r.bound, r.held ? "yes" : "NO"));
    return s.toString();
  }

  private record Row(String experiment, String figure, String value, String bound, boolean held) {}
}
