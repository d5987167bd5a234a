package dev.zerodown.provisioner.cfn;

import java.util.List;

/**
 * One line of a change set: action Add / Modify / Remove (or Import, Dynamic), the resource, and for a
 * Modify whether CloudFormation replaces the resource (True, Conditional, False) and which properties cause it.
 */
public record ResourceChange(String action, String logicalId, String resourceType, String replacement,
    List<String> causes) {

  public boolean replaces() {
    return "True".equalsIgnoreCase(replacement) || "Conditional".equalsIgnoreCase(replacement);
  }
}
