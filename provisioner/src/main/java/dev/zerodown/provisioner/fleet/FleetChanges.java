package dev.zerodown.provisioner.fleet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Remembers each instance's last seen state and describes what changed since:
 * {@code i-0ccc  Pending/initial → InService/healthy  [new]}. Instances not in the first snapshot are marked new.
 */
public final class FleetChanges {
  private final Map<String, String> seen = new HashMap<>();
  private final Set<String> original;

  public FleetChanges(FleetSnapshot first) {
    this.original = first.ids();
    for (Member m : first.members()) seen.put(m.instanceId(), state(m));
  }

  /** One line per instance whose state changed (or that appeared or disappeared) since the last call. */
  public List<String> next(FleetSnapshot now) {
    List<String> lines = new ArrayList<>();
    for (Member m : now.members()) {
      String state = state(m);
      String previous = seen.put(m.instanceId(), state);
      if (!state.equals(previous)) {
        lines.add(m.instanceId() + "  " + (previous == null ? "" : previous + " → ") + state
            + (m.targetReason() == null ? "" : " (" + m.targetReason() + ")")
            + (original.contains(m.instanceId()) ? "" : "  [new]"));
      }
    }
    for (String id : new ArrayList<>(seen.keySet())) {
      if (now.member(id).isEmpty()) {
        lines.add(id + "  " + seen.remove(id) + " → gone");
      }
    }
    return lines;
  }

  private static String state(Member m) {
    return m.lifecycleState() + "/" + m.targetState();
  }
}
