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
    // AWS_PROFILE naming a profile the files lack: the AWS CLI refuses it ("The config profile ... could not be
    // found"); so does zerodown, with the same one line as for --profile, instead of the SDK's chain message.
    Optional<String> envProfile = Optional.ofNullable(env.apply("AWS_PROFILE")).map(String::strip).filter(p -> !p.isEmpty());
    if (profile.isEmpty() && envProfile.isPresent() && !files.has(envProfile.get())) {
      throw new UserException(ExitCode.AWS_UNAVAILABLE, files.unknownFromEnvironment(envProfile.get()));
    }
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
