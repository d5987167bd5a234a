package dev.zerodown.provisioner.cfn;

import java.util.List;

/**
 * One resource of a stack that drifted, as DescribeStackResourceDrifts reports it: {@code status} MODIFIED or DELETED,
 * with the properties whose actual value differs from the template's.
 */
public record ResourceDrift(String logicalId, String type, String status, List<Difference> differences) {
  /** One property: its path in the resource (e.g. /MaxSize), the value the template expects, the value it has. */
  public record Difference(String path, String expected, String actual) {}
}
