package dev.zerodown.provisioner.destroy;

import dev.zerodown.provisioner.cfn.StackEvent;
import dev.zerodown.provisioner.console.Report;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import dev.zerodown.provisioner.text.Words;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a destroy ended: the stacks deleted, those left behind and why, the environment's named resources still
 * there, and the resources whose deletion failed twice. {@code stacksFound}: false when there was no stack to delete.
 * Its {@link #lines} are printed in both modes (on standard error with --output json, after the document), and
 * its {@link #problems} on standard error, so destroy prints it itself rather than through {@code Console.print}.
 */
public record DestroyReport(String env, boolean stacksFound, List<String> deleted, Map<String, String> leftovers,
    List<String> strays, List<StackEvent> stuck) implements Report {

  public DestroyReport {
    deleted = List.copyOf(deleted);
    leftovers = Collections.unmodifiableMap(new LinkedHashMap<>(leftovers));
    strays = List.copyOf(strays);
    stuck = List.copyOf(stuck);
  }

  /** Nothing left: every stack deleted (or none there) and no named resource still there. */
  public boolean complete() {
    return leftovers.isEmpty() && strays.isEmpty();
  }

  /** The line for standard output once no stack is left behind; none when there was no stack to delete. */
  @Override
  public List<String> lines() {
    if (!stacksFound || !leftovers.isEmpty()) return List.of();
    return List.of("Destroyed zerodown-" + env + ": " + Words.count(deleted.size(), "stack") + " deleted");
  }

  /** The lines for standard error when something is left (none when {@link #complete}), before the error line. */
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    if (leftovers.isEmpty()) {
      if (strays.isEmpty()) return out;
      out.add("Still there, named for zerodown-" + env + " (no stack deletes them any more; the next deploy "
          + "fails on their names):");
      strays.forEach(r -> out.add("  " + r));
      return out;
    }
    out.add("Left behind:");
    leftovers.forEach((k, v) -> out.add("  " + k + "  " + v));
    if (!strays.isEmpty()) {
      out.add("Still there, named for zerodown-" + env + ":");
      strays.forEach(r -> out.add("  " + r));
    }
    if (!stuck.isEmpty()) {
      Map<String, StackEvent> byId = new LinkedHashMap<>();
      stuck.forEach(e -> byId.putIfAbsent(e.logicalId(), e));
      out.add("Deletion failed twice for these resources:");
      byId.values().forEach(e -> out.add("  " + e.logicalId() + " (" + e.resourceType() + "): " + e.reason()));
      out.add("To delete the stacks and keep these resources (then delete them yourself), run: destroy "
          + String.join(" ", byId.keySet().stream().map(id -> "--retain " + id).toList()));
    }
    return out;
  }

  /**
   * Exit 6 when something is left: for stacks, run destroy again once the cause is fixed; for named resources
   * alone, how to get rid of them ({@code endpoint}: the emulator's, where resetting it is the way).
   */
  public UserException failure(Optional<URI> endpoint) {
    if (complete()) throw new IllegalStateException("nothing is left: no failure");
    if (!leftovers.isEmpty()) {
      return new UserException(ExitCode.PARTIAL_DESTROY, "destroy incomplete: " + Words.count(leftovers.size(), "stack")
          + " left behind (listed above); fix the cause and run destroy again");
    }
    String how = endpoint
        .map(e -> "against an emulator, reset it (moto: curl -X POST " + trimSlash(e.toString()) + "/moto-api/reset)")
        .orElse("delete them in the AWS console or with the AWS CLI");
    return new UserException(ExitCode.PARTIAL_DESTROY, "destroy incomplete: " + Words.count(strays.size(), "resource")
        + " of zerodown-" + env + " left without a stack (listed above): " + how);
  }

  /**
   * Machine report (--output json): {@code deleted} (stack names), {@code leftovers} (stack name to why it is
   * left), {@code resources} (named resources still there), always in that order.
   */
  @Override
  public Map<String, Object> document() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("deleted", deleted);
    root.put("leftovers", leftovers);
    root.put("resources", strays);
    return root;
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
