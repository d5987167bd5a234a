package dev.zerodown.provisioner.aws;

import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.net.URI;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.regions.Region;

/**
 * Where AWS calls go: a known region, an optional profile, an optional endpoint override, and the profile files read
 * (empty: wherever the SDK looks). Checked before any call.
 */
public record AwsSettings(Region region, Optional<String> profile, Optional<URI> endpoint, Optional<ProfileFiles> files) {

  public AwsSettings(Region region, Optional<String> profile, Optional<URI> endpoint) {
    this(region, profile, endpoint, Optional.empty());
  }

  /**
   * Resolves and checks the region (--region, AWS_REGION, AWS_DEFAULT_REGION, the profile's region);
   * {@code env} reads the process environment.
   */
  public static AwsSettings resolve(Optional<String> region, Optional<String> profile, Optional<URI> endpoint,
      UnaryOperator<String> env) {
    ProfileFiles files = ProfileFiles.from(env);
    String name = region
        .or(() -> Optional.ofNullable(env.apply("AWS_REGION")))
        .or(() -> Optional.ofNullable(env.apply("AWS_DEFAULT_REGION")))
        .or(() -> profileRegion(files, profile.or(() -> Optional.ofNullable(env.apply("AWS_PROFILE"))).orElse("default")))
        .orElseThrow(() -> profile.filter(p -> !files.has(p))
            .map(p -> new UserException(ExitCode.AWS_UNAVAILABLE, files.unknown(p)))
            .orElseGet(() -> UserException.usage("no AWS region: pass --region (e.g. --region eu-west-3) or set AWS_REGION")));
    return new AwsSettings(knownRegion(name), profile, endpoint, Optional.of(files));
  }

  /** The region if the SDK knows it, else a usage error naming it. */
  public static Region knownRegion(String name) {
    Region region = Region.of(name.trim());
    if (!Region.regions().contains(region) || region.isGlobalRegion()) {
      throw UserException.usage("unknown AWS region: " + name + " (e.g. eu-west-3, us-east-1)");
    }
    return region;
  }

  private static Optional<String> profileRegion(ProfileFiles files, String profile) {
    try {
      return files.load().profile(profile).flatMap(p -> p.property("region"));
    } catch (RuntimeException unreadable) {
      return Optional.empty();
    }
  }
}
