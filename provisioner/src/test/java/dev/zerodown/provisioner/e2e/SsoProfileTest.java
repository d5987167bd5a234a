package dev.zerodown.provisioner.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.replay.AwsReplay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A separate JVM whose AWS config holds an IAM Identity Center (SSO) profile and an sso-session, and whose home has
 * no SSO token cache: what a user sees before running {@code aws sso login}. Every AWS endpoint, the SSO portal
 * and OIDC ones included ({@code AWS_ENDPOINT_URL}), is a recording fake on loopback, so nothing could leave the
 * machine; the test also proves nothing was called at all.
 */
class SsoProfileTest {
  private static final String CONFIG = """
      [profile work]
      sso_session = corp
      sso_account_id = 111122223333
      sso_role_name = Deployer
      region = eu-west-3

      [sso-session corp]
      sso_region = eu-west-3
      sso_start_url = https://example.awsapps.com/start
      sso_registration_scopes = sso:account:access

      [profile legacy]
      sso_start_url = https://example.awsapps.com/start
      sso_region = eu-west-3
      sso_account_id = 111122223333
      sso_role_name = Deployer
      region = eu-west-3
      """;

  private static Process status(Path home, AwsReplay aws, String profile) throws Exception {
    Files.writeString(home.resolve("config"), CONFIG);
    return ProvisionerProcess.start(Map.of("HOME", home.toString(),
            "AWS_CONFIG_FILE", home.resolve("config").toString(),
            "AWS_SHARED_CREDENTIALS_FILE", home.resolve("none-credentials").toString(),
            "AWS_ENDPOINT_URL", aws.endpoint().toString(),
            "AWS_EC2_METADATA_DISABLED", "true", "AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1"),
        home.resolve("out.txt"), home.resolve("err.txt"), "status", "--profile", profile, "--endpoint-url", aws.endpoint().toString());
  }

  private static java.util.List<String> errorLines(Path home) throws Exception {
    // The test classpath carries slf4j-simple next to slf4j-nop (provisioner.jar has only nop): skip its notices.
    return Files.readAllLines(home.resolve("err.txt")).stream().filter(l -> !l.startsWith("SLF4J")).toList();
  }

  @Test
  void an_sso_session_profile_without_a_login_is_exit_3_naming_aws_sso_login(@TempDir Path home) throws Exception {
    try (AwsReplay aws = AwsReplay.start()) {
      Process p = status(home, aws, "work");
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(String.join("\n", errorLines(home))).isEqualTo(ExitCode.AWS_UNAVAILABLE);
      assertThat(errorLines(home)).containsExactly("error: the AWS profile work signs in with IAM Identity Center (SSO) "
          + "and has no valid login: run aws sso login --profile work");
      assertThat(aws.actions()).as("no call to SSO, OIDC or any service").isEmpty();
    }
  }

  @Test
  void a_legacy_sso_profile_without_a_cached_token_gets_the_same_line(@TempDir Path home) throws Exception {
    try (AwsReplay aws = AwsReplay.start()) {
      Process p = status(home, aws, "legacy");
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(String.join("\n", errorLines(home))).isEqualTo(ExitCode.AWS_UNAVAILABLE);
      assertThat(errorLines(home)).containsExactly("error: the AWS profile legacy signs in with IAM Identity Center (SSO) "
          + "and has no valid login: run aws sso login --profile legacy");
      assertThat(aws.actions()).isEmpty();
    }
  }
}
