package dev.zerodown.provisioner.aws;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * The AWS config and credentials files, where the SDK and the AWS CLI look for them: AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials (HOME from the given environment). Read from the
 * environment the process was given (the Host), so a test points them at its own files.
 */
public record ProfileFiles(Path config, Path credentials) {

  public static ProfileFiles from(UnaryOperator<String> env) {
    String home = Optional.ofNullable(env.apply("HOME")).filter(h -> !h.isBlank())
        .orElseGet(() -> System.getProperty("user.home"));
    return new ProfileFiles(path(env.apply("AWS_CONFIG_FILE"), home, "config"),
        path(env.apply("AWS_SHARED_CREDENTIALS_FILE"), home, "credentials"));
  }

  private static Path path(String value, String home, String fallback) {
    if (value == null || value.isBlank()) return Path.of(home, ".aws", fallback);
    String v = value.strip();
    return v.startsWith("~") ? Path.of(home + v.substring(1)) : Path.of(v);
  }

  /** Both files as the SDK reads them together (a file that does not exist counts as empty). */
  public ProfileFile load() {
    ProfileFile.Aggregator all = ProfileFile.aggregator();
    if (Files.isRegularFile(credentials)) {
      all.addFile(ProfileFile.builder().content(credentials).type(ProfileFile.Type.CREDENTIALS).build());
    }
    if (Files.isRegularFile(config)) {
      all.addFile(ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build());
    }
    return all.build();
  }

  /** Whether either file has a profile of that name (false when they cannot be read). */
  public boolean has(String profile) {
    try {
      return load().profile(profile).isPresent();
    } catch (RuntimeException unreadable) {
      return false;
    }
  }

  /** "/home/me/.aws/config or /home/me/.aws/credentials" (each marked when it does not exist). */
  public String describe() {
    return shown(config) + " or " + shown(credentials);
  }

  private static String shown(Path p) {
    return p + (Files.exists(p) ? "" : " (no such file)");
  }

  /** The one line for a profile the files name but give no credentials. */
  public String withoutCredentials(String profile) {
    return "the AWS profile '" + profile + "' in " + describe() + " has no credentials (no aws_access_key_id, "
        + "sso_session, role_arn or credential_process): run aws configure --profile " + profile;
  }

  /** The one line for an AWS_PROFILE that neither file names. */
  public String unknownFromEnvironment(String profile) {
    return "the AWS profile '" + profile + "' (from AWS_PROFILE) is not in " + describe()
        + ": run aws configure --profile " + profile + ", or unset AWS_PROFILE";
  }

  /** The one line for a profile that neither file names. */
  public String unknown(String profile) {
    return "the AWS profile '" + profile + "' is not in " + describe()
        + ": run aws configure --profile " + profile + ", or pass --profile with a profile those files have";
  }
}
