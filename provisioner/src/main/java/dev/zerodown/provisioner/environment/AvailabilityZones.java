package dev.zerodown.provisioner.environment;

import dev.zerodown.provisioner.text.Words;
import dev.zerodown.provisioner.aws.Ec2Gateway.Zone;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The three AZs of an environment, chosen once and kept: the network stack gets them as
 * {@code AWS::EC2::AvailabilityZone::Name} parameters, since a subnet's AZ is create-only and exported subnets in use
 * cannot be replaced. A zone qualifies when it is {@code available}, needs no opt-in, is a real availability zone
 * (not a Local or Wavelength zone) and offers both the web and the bastion instance type. ElastiCache has no per-AZ
 * node-type offering API, so the cache node type is not part of the choice.
 */
public final class AvailabilityZones {
  /** zerodown's subnets come in threes (a, b, c). */
  public static final int COUNT = 3;

  private AvailabilityZones() {}

  /** Where the AZs came from, said in one line of deploy's output. */
  public record Choice(List<String> zones, String source) {}

  /**
   * The AZs for this deploy. {@code deployed}: the network stack's AZs (its parameters, or for a stack deployed
   * before them, its exported subnets' AZs); they win, and a different {@code requested} list is refused.
   */
  public static Choice choose(String region, List<Zone> zones, Set<String> webOffered, String webType,
      Set<String> bastionOffered, String bastionType, Optional<List<String>> requested,
      Optional<List<String>> deployed, String networkStack) {
    if (deployed.isPresent()) {
      if (requested.isPresent() && !requested.get().equals(deployed.get())) {
        throw new UserException(ExitCode.PRECONDITION, networkStack + " is deployed in " + String.join(",", deployed.get())
            + "; --azs " + String.join(",", requested.get()) + " would replace its subnets (an AZ cannot change in place): "
            + "drop --azs, or destroy the environment first");
      }
      return new Choice(deployed.get(), "kept from " + networkStack);
    }
    if (requested.isPresent()) {
      for (String az : requested.get()) {
        Optional<String> why = refusal(zones, az, webOffered, webType, bastionOffered, bastionType);
        if (why.isPresent()) {
          throw new UserException(ExitCode.PRECONDITION, "--azs: " + az + " " + why.get() + " (qualifying in " + region
              + ": " + String.join(", ", qualifying(zones, webOffered, webType, bastionOffered, bastionType)) + ")");
        }
      }
      return new Choice(requested.get(), "from --azs");
    }
    List<String> ok = qualifying(zones, webOffered, webType, bastionOffered, bastionType);
    if (ok.size() < COUNT) {
      throw new UserException(ExitCode.PRECONDITION, region + " has " + Words.count(ok.size(), "availability zone")
          + " that offer " + webType + " (web) and " + bastionType + " (bastion)"
          + (ok.isEmpty() ? "" : ": " + String.join(", ", ok)) + "; zerodown needs " + COUNT
          + ": choose other instance types or another --region");
    }
    return new Choice(ok.subList(0, COUNT), "chosen: the first " + COUNT + " of " + ok.size() + " that qualify");
  }

  /** The qualifying zones, by name. */
  static List<String> qualifying(List<Zone> zones, Set<String> webOffered, String webType, Set<String> bastionOffered,
      String bastionType) {
    List<String> ok = new ArrayList<>();
    for (Zone z : zones) {
      if (refusal(zones, z.name(), webOffered, webType, bastionOffered, bastionType).isEmpty()) ok.add(z.name());
    }
    ok.sort(null);
    return ok;
  }

  /** Why {@code az} cannot be used, or empty when it can. */
  static Optional<String> refusal(List<Zone> zones, String az, Set<String> webOffered, String webType,
      Set<String> bastionOffered, String bastionType) {
    Optional<Zone> zone = zones.stream().filter(z -> z.name().equals(az)).findFirst();
    if (zone.isEmpty()) return Optional.of("is not a zone of this region");
    Zone z = zone.get();
    // moto leaves ZoneType and OptInStatus out; AWS documents opt-in-not-required for every availability zone
    if (z.zoneType() != null && !z.zoneType().equals("availability-zone")) return Optional.of("is a " + z.zoneType());
    if (z.optInStatus() != null && !z.optInStatus().equals("opt-in-not-required")) {
      return Optional.of("needs opt-in (" + z.optInStatus() + ")");
    }
    if (z.state() != null && !z.state().equals("available")) return Optional.of("is " + z.state());
    if (!webOffered.contains(az)) return Optional.of("does not offer " + webType + " (web)");
    if (!bastionOffered.contains(az)) return Optional.of("does not offer " + bastionType + " (bastion)");
    return Optional.empty();
  }
}
