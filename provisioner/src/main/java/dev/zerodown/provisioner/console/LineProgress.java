package dev.zerodown.provisioner.console;

import dev.zerodown.provisioner.cfn.Elapsed;
import dev.zerodown.provisioner.cfn.StackEvent;
import dev.zerodown.provisioner.cfn.StackState;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Progress for logs: one line when an operation starts, one per stack event, one when it settles. */
final class LineProgress extends ConsoleProgress {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
  private final Map<String, Long> started = new ConcurrentHashMap<>();
  private final Map<String, Integer> totals = new ConcurrentHashMap<>();

  LineProgress(Console console) {
    super(console);
  }

  @Override
  public void begin(String stack, String operation, int totalResources) {
    started.put(stack, System.nanoTime());
    totals.put(stack, totalResources);
    console.println(stack + ": " + operation + (totalResources > 0 ? " (" + totalResources + (totalResources == 1 ? " resource)" : " resources)") : ""));
  }

  @Override
  public void event(StackEvent e, int resourcesDone) {
    String line = TIME.format(e.time()) + " " + e.stackName() + " " + e.status() + " " + e.resourceType() + " "
        + e.logicalId() + (e.reason() == null || e.reason().isBlank() ? "" : " - " + e.reason());
    console.println(e.isFailure() ? console.red(line) : line);
  }

  @Override
  public void tick(String stack, String status, int resourcesDone) {}

  @Override
  public void end(String stack, String status, int resourcesDone) {
    Long t0 = started.remove(stack);
    String elapsed = t0 == null ? "" : " in " + Elapsed.format(Duration.ofNanos(System.nanoTime() - t0));
    String text = stack + ": " + status + elapsed;
    console.println(StackState.succeeded(status) ? console.green(text) : console.red(text));
  }
}
