package dev.zerodown.provisioner.console;

import dev.zerodown.provisioner.text.Words;
import dev.zerodown.provisioner.cfn.ChangeSet;
import dev.zerodown.provisioner.cfn.ResourceChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Renders changes rain-style: {@code +} add, {@code >} modify (replacements flagged loudly), {@code -} remove. */
public final class ChangeView {
  private ChangeView() {}

  /** One line per resource change, after a header naming the stack. */
  public static List<String> render(Console c, ChangeSet set) {
    List<String> lines = new ArrayList<>();
    long replacements = set.changes().stream().filter(ResourceChange::replaces).count();
    lines.add(c.bold(set.stackName()) + ": " + Words.count(set.changes().size(), "change")
        + (replacements > 0 ? ", " + c.red(replacements + " REPLACEMENT" + (replacements == 1 ? "" : "S")) : ""));
    int width = set.changes().stream().mapToInt(x -> String.valueOf(x.resourceType()).length()).max().orElse(0);
    for (ResourceChange rc : set.changes()) {
      lines.add("  " + symbol(c, rc.action()) + " " + pad(String.valueOf(rc.resourceType()), width) + "  "
          + rc.logicalId() + replacement(c, rc));
    }
    return lines;
  }

  /** Direct mode, a new stack: a header with the count, then one {@code +} line per resource as {@link #render} prints. */
  public static List<String> renderNew(Console c, String stack, List<ResourceChange> resources) {
    List<String> lines = new ArrayList<>();
    lines.add(c.bold(stack) + ": new stack, " + Words.count(resources.size(), "resource"));
    int width = resources.stream().mapToInt(x -> String.valueOf(x.resourceType()).length()).max().orElse(0);
    for (ResourceChange rc : resources) {
      lines.add("  " + symbol(c, rc.action()) + " " + pad(String.valueOf(rc.resourceType()), width) + "  " + rc.logicalId());
    }
    return lines;
  }

  /** Direct mode: what differs between the deployed stack and the one about to be deployed. */
  public static List<String> renderDirect(Console c, String stack, boolean create, int resources, boolean templateChanged,
      Map<String, String> deployedParams, Map<String, String> params) {
    List<String> lines = new ArrayList<>();
    if (create) {
      lines.add(c.bold(stack) + ": new stack, " + Words.count(resources, "resource"));
      return lines;
    }
    lines.add(c.bold(stack) + ": update");
    if (templateChanged) lines.add("  " + c.yellow(">") + " template changed");
    for (String key : new TreeSet<>(union(deployedParams, params))) {
      String before = deployedParams.get(key);
      String after = params.get(key);
      if (Objects.equals(before, after)) continue;
      if (before == null) lines.add("  " + c.green("+") + " parameter " + key + " = " + after);
      else if (after == null) lines.add("  " + c.red("-") + " parameter " + key + " (was " + before + ")");
      else lines.add("  " + c.yellow(">") + " parameter " + key + ": " + before + " -> " + after);
    }
    return lines;
  }

  static String symbol(Console c, String action) {
    return switch (String.valueOf(action)) {
      case "Add" -> c.green("+");
      case "Modify" -> c.yellow(">");
      case "Remove" -> c.red("-");
      case "Import" -> c.green("<");
      default -> "?";
    };
  }

  private static String replacement(Console c, ResourceChange rc) {
    if (!"Modify".equals(rc.action()) || !rc.replaces()) return "";
    String why = rc.causes().isEmpty() ? "" : " (" + String.join(", ", rc.causes()) + ")";
    return "  " + c.red("True".equalsIgnoreCase(rc.replacement()) ? "!! REPLACEMENT" : "!! MAY BE REPLACED") + why;
  }

  private static java.util.Set<String> union(Map<String, String> a, Map<String, String> b) {
    var keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    return keys;
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
