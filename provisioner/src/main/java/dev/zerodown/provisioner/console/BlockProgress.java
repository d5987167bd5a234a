package dev.zerodown.provisioner.console;

import dev.zerodown.provisioner.cfn.Elapsed;
import dev.zerodown.provisioner.cfn.StackEvent;
import dev.zerodown.provisioner.cfn.StackState;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Progress for a terminal: one line per stack (status, resources done / total, elapsed, last event), redrawn in place. */
final class BlockProgress extends ConsoleProgress {
  private final Map<String, Row> rows = new LinkedHashMap<>();
  private int drawn;

  BlockProgress(Console console) {
    super(console);
  }

  private static final class Row {
    final long started = System.nanoTime();
    final String operation;
    final int total;
    String status = "";
    int done;
    String last = "";
    boolean ended;
    long endedAt;

    Row(String operation, int total) {
      this.operation = operation;
      this.total = total;
    }
  }

  @Override
  public synchronized void begin(String stack, String operation, int totalResources) {
    if (!rows.isEmpty() && rows.values().stream().allMatch(r -> r.ended)) {
      rows.clear();
      drawn = 0;
    }
    rows.put(stack, new Row(operation, totalResources));
    redraw();
  }

  @Override
  public synchronized void event(StackEvent e, int resourcesDone) {
    Row row = rows.get(e.stackName());
    if (row == null) return;
    row.done = resourcesDone;
    row.last = e.logicalId() + " " + e.status() + (e.isFailure() && e.reason() != null ? ": " + e.reason() : "");
    if (e.isFailure()) {
      clear();
      console.println(console.red("  " + e.stackName() + " " + e.resourceType() + " " + row.last));
      drawn = 0;
    }
    redraw();
  }

  @Override
  public synchronized void tick(String stack, String status, int resourcesDone) {
    Row row = rows.get(stack);
    if (row == null) return;
    row.status = status;
    row.done = Math.max(row.done, resourcesDone);
    redraw();
  }

  @Override
  public synchronized void end(String stack, String status, int resourcesDone) {
    Row row = rows.get(stack);
    if (row == null) return;
    row.status = status;
    row.done = StackState.succeeded(status) ? row.total : resourcesDone;
    row.ended = true;
    row.endedAt = System.nanoTime();
    redraw();
  }

  private void clear() {
    PrintWriter out = console.log();
    for (int i = 0; i < drawn; i++) out.print("\u001b[1A\u001b[2K");
    out.print("\r");
  }

  private void redraw() {
    clear();
    PrintWriter out = console.log();
    int width = rows.keySet().stream().mapToInt(String::length).max().orElse(0);
    for (var entry : rows.entrySet()) {
      Row r = entry.getValue();
      long until = r.ended ? r.endedAt : System.nanoTime();
      String status = r.status.isEmpty() ? r.operation : r.status;
      String painted = !r.ended ? console.yellow(status)
          : StackState.succeeded(status) ? console.green(status) : console.red(status);
      String counts = r.total > 0 ? "  " + r.done + "/" + r.total : "";
      out.println(String.format("%-" + width + "s", entry.getKey()) + "  " + painted + counts + "  "
          + Elapsed.format(Duration.ofNanos(until - r.started)) + (r.ended || r.last.isEmpty() ? "" : "  " + console.dim(r.last)));
    }
    out.flush();
    drawn = rows.size();
  }
}
