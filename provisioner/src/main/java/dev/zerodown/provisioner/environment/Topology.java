package dev.zerodown.provisioner.environment;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The order stacks deploy in: waves whose stacks depend only on earlier waves (a wave may run in parallel). */
public final class Topology {
  private Topology() {}

  /** Deploy order; without {@code ownRedis} the database stack is left out. */
  public static List<List<StackPart>> deployWaves(boolean ownRedis) {
    Set<StackPart> parts = EnumSet.allOf(StackPart.class);
    if (!ownRedis) parts.remove(StackPart.DATABASE);
    List<List<StackPart>> waves = new ArrayList<>();
    Set<StackPart> placed = EnumSet.noneOf(StackPart.class);
    while (placed.size() < parts.size()) {
      List<StackPart> wave = new ArrayList<>();
      for (StackPart p : parts) {
        if (placed.contains(p)) continue;
        if (placed.containsAll(p.dependsOn().stream().filter(parts::contains).toList())) wave.add(p);
      }
      if (wave.isEmpty()) throw new IllegalStateException("stack dependencies form a cycle: " + parts);
      // Artifacts first on its own: the agent jar is uploaded between it and the rest.
      if (waves.isEmpty() && wave.contains(StackPart.ARTIFACTS)) wave = List.of(StackPart.ARTIFACTS);
      waves.add(List.copyOf(wave));
      placed.addAll(wave);
    }
    return waves;
  }

  /** Destroy order: the deploy waves reversed (all parts; absent stacks are skipped at run time). */
  public static List<List<StackPart>> destroyWaves() {
    List<List<StackPart>> waves = new ArrayList<>(deployWaves(true));
    java.util.Collections.reverse(waves);
    return waves;
  }

  /** The parts that consume {@code part}'s exports or outputs. */
  public static List<StackPart> dependents(StackPart part) {
    return java.util.Arrays.stream(StackPart.values()).filter(p -> p.dependsOn().contains(part)).toList();
  }
}
