package dev.zerodown.provisioner.environment;

import java.util.List;

/**
 * Where and from what an environment runs, decided by deploy's preflight (or written as placeholders by synth):
 * the three AZs, each tier's AMI id, and the AZs a Redis group created by an earlier zerodown keeps ("" for a
 * new group).
 */
public record Placement(List<String> azs, String webImageId, String bastionImageId, String redisPreferredAzs) {
  public Placement {
    if (azs.size() != AvailabilityZones.COUNT) throw new IllegalArgumentException("3 AZs expected: " + azs);
  }
}
