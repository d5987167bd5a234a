package dev.zerodown.provisioner.environment;

import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The Elastic IP preflight: an environment takes one address per NAT gateway (3, or 1 with --single-nat) and one for
 * the bastion, against a regional quota (Service Quotas L-0263D0A3, 5 by default). A deploy that would pass the quota
 * fails half-way with AddressLimitExceeded, so it is refused before anything is created.
 */
public final class ElasticIps {
  /** AWS's default "EC2-VPC Elastic IPs" quota per region. */
  public static final int DEFAULT_QUOTA = 5;

  private ElasticIps() {}

  /** Addresses the network stack holds: one per NAT gateway. */
  public static int network(boolean singleNat) {
    return singleNat ? 1 : 3;
  }

  /**
   * The addresses this deploy adds: the network's NAT addresses (on an update, only the difference from the deployed
   * setting) and the bastion's one when its stack does not exist yet.
   */
  public static int needed(Optional<Boolean> deployedSingleNat, boolean singleNat, boolean bastionExists) {
    int network = Math.max(0, network(singleNat) - deployedSingleNat.map(ElasticIps::network).orElse(0));
    return network + (bastionExists ? 0 : 1);
  }

  /**
   * Empty when the deploy fits, a warning line when the quota is unknown; a refusal (exit 4) with the numbers and the
   * way out when {@code inUse + needed} passes the quota.
   */
  public static Optional<String> check(String region, int inUse, int needed, OptionalInt quota, String unknownBecause,
      boolean singleNat) {
    if (needed == 0) return Optional.empty();
    if (quota.isEmpty()) {
      return Optional.of("Elastic IP quota unknown (Service Quotas: " + unknownBecause + "): " + inUse + " in use, this deploy adds "
          + needed + ", the default quota is " + DEFAULT_QUOTA + " per region");
    }
    if (inUse + needed > quota.getAsInt()) {
      throw new UserException(ExitCode.PRECONDITION, "Elastic IPs in " + region + ": " + inUse + " in use + " + needed
          + " this deploy adds = " + (inUse + needed) + ", over the quota of " + quota.getAsInt()
          + ": release unused addresses (aws ec2 describe-addresses)"
          + (singleNat ? "" : ", deploy with --single-nat (2 fewer)")
          + ", or ask for more (Service Quotas, EC2, L-0263D0A3)");
    }
    return Optional.empty();
  }
}
