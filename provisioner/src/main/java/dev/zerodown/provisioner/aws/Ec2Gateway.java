package dev.zerodown.provisioner.aws;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.LocationType;

/** Owns the EC2 client: zones, key pairs, images, instance types, instances, launch template versions. */
public final class Ec2Gateway {
  private final Ec2Client ec2;

  public Ec2Gateway(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  /** One zone of the region as DescribeAvailabilityZones reports it (null where the answer leaves a field out). */
  public record Zone(String name, String state, String optInStatus, String zoneType) {}

  /** Every zone of the region, Local and Wavelength zones included, with what decides whether zerodown may use it. */
  public List<Zone> zones() {
    return ec2.describeAvailabilityZones(b -> b.allAvailabilityZones(true)).availabilityZones().stream()
        .map(z -> new Zone(z.zoneName(), z.stateAsString(), z.optInStatusAsString(), z.zoneType())).toList();
  }

  /** The zones that offer {@code instanceType} (DescribeInstanceTypeOfferings, LocationType availability-zone). */
  public Set<String> zonesOffering(String instanceType) {
    return ec2.describeInstanceTypeOfferingsPaginator(b -> b.locationType(LocationType.AVAILABILITY_ZONE)
            .filters(Filter.builder().name("instance-type").values(instanceType).build()))
        .instanceTypeOfferings().stream().map(o -> o.location()).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Subnet id -> its AZ, for the subnets that exist. */
  public Map<String, String> subnetZones(List<String> subnetIds) {
    if (subnetIds.isEmpty()) return Map.of();
    return ec2.describeSubnets(b -> b.subnetIds(subnetIds)).subnets().stream()
        .collect(Collectors.toMap(sn -> sn.subnetId(), sn -> sn.availabilityZone(), (a, b) -> a));
  }

  /** How many Elastic IP addresses the account holds in this region (DescribeAddresses), associated or not. */
  public int elasticIpsInUse() {
    return ec2.describeAddresses().addresses().size();
  }

  /** The ids of the VPCs carrying tag {@code key} = {@code value} (e.g. CloudFormation's aws:cloudformation:stack-name). */
  public List<String> vpcsTagged(String key, String value) {
    return ec2.describeVpcs(b -> b.filters(Filter.builder().name("tag:" + key).values(value).build())).vpcs().stream()
        .map(v -> v.vpcId()).toList();
  }

  public boolean keyPairExists(String name) {
    try {
      return !ec2.describeKeyPairs(b -> b.keyNames(name)).keyPairs().isEmpty();
    } catch (Ec2Exception e) {
      if (e.awsErrorDetails() != null && "InvalidKeyPair.NotFound".equals(e.awsErrorDetails().errorCode())) return false;
      throw e;
    }
  }

  public void importKeyPair(String name, String publicKey) {
    ec2.importKeyPair(b -> b.keyName(name).publicKeyMaterial(SdkBytes.fromUtf8String(publicKey)));
  }

  /** The image's architecture (x86_64, arm64), or empty if the image is unknown. */
  public Optional<String> imageArchitecture(String imageId) {
    try {
      return ec2.describeImages(b -> b.imageIds(imageId)).images().stream().findFirst().map(i -> i.architectureAsString());
    } catch (Ec2Exception e) {
      return Optional.empty();
    }
  }

  /** The architectures an instance type supports, or empty if the type is unknown in this region. */
  public Optional<List<String>> instanceTypeArchitectures(String type) {
    try {
      return ec2.describeInstanceTypes(b -> b.instanceTypesWithStrings(type)).instanceTypes().stream().findFirst()
          .map(t -> t.processorInfo().supportedArchitecturesAsStrings());
    } catch (Ec2Exception e) {
      if (e.awsErrorDetails() != null && "InvalidInstanceType".equals(e.awsErrorDetails().errorCode())) {
        return Optional.of(List.of());
      }
      throw e;
    }
  }

  /** One instance as DescribeInstances reports it: its id and private IPv4 address (null when it has none). */
  public record InstanceInfo(String id, String privateIp) {}

  /** Instance id -> the instance, for the ids that DescribeInstances knows. */
  public Map<String, InstanceInfo> instances(List<String> ids) {
    if (ids.isEmpty()) return Map.of();
    return ec2.describeInstancesPaginator(b -> b.instanceIds(ids)).reservations().stream()
        .flatMap(r -> r.instances().stream())
        .collect(Collectors.toMap(i -> i.instanceId(), i -> new InstanceInfo(i.instanceId(), i.privateIpAddress()),
            (a, b) -> a));
  }

  /**
   * What a launch template version launches with: the tags of its tag specifications (in their order, the first of a
   * key repeated across specifications kept) and its user data decoded ("" when it has none).
   */
  public record LaunchData(Map<String, String> tags, String userData) {}

  /** The launch template version's data, or empty if the version is gone or carries no launch data. */
  public Optional<LaunchData> launchTemplateVersion(String templateId, String version) {
    try {
      return ec2.describeLaunchTemplateVersions(b -> b.launchTemplateId(templateId).versions(version))
          .launchTemplateVersions().stream().findFirst().map(v -> v.launchTemplateData()).map(data -> {
            Map<String, String> tags = new LinkedHashMap<>();
            for (var spec : data.tagSpecifications()) {
              for (var tag : spec.tags()) if (!tags.containsKey(tag.key())) tags.put(tag.key(), tag.value());
            }
            return new LaunchData(Collections.unmodifiableMap(tags), decodeUserData(data.userData()));
          });
    } catch (Ec2Exception e) {
      return Optional.empty();
    }
  }

  /** User data as EC2 returns it (base64) as text; a value that is not base64 is returned as it is. */
  public static String decodeUserData(String base64) {
    if (base64 == null) return "";
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return base64;
    }
  }
}
