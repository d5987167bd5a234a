package dev.zerodown.provisioner.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.Cli.Result;
import dev.zerodown.provisioner.error.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --profile naming a profile the AWS files do not have: one line naming the profile and the files looked in (from
 * AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, given through the Host's environment), no SDK internals, no call.
 */
class UnknownProfileTest {
  private static final String NOWHERE = "http://127.0.0.1:1";

  @Test
  void an_unknown_profile_names_itself_and_the_files_looked_in(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("config"), "[profile work]\nregion = eu-west-3\n");
    Path credentials = dir.resolve("credentials");
    Result r = Cli.run(Cli.host(false, "", Map.of("AWS_CONFIG_FILE", config.toString(),
        "AWS_SHARED_CREDENTIALS_FILE", credentials.toString())),
        "status", "--profile", "nosuch", "--region", "eu-west-3", "--endpoint-url", NOWHERE);
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.AWS_UNAVAILABLE);
    assertThat(r.err().strip()).isEqualTo("error: the AWS profile 'nosuch' is not in " + config + " or " + credentials
        + " (no such file): run aws configure --profile nosuch, or pass --profile with a profile those files have");
  }

  @Test
  void an_unknown_profile_in_aws_profile_names_itself_and_the_files_looked_in(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("config"), "[profile work]\nregion = eu-west-3\n");
    Path credentials = dir.resolve("credentials");
    Result r = Cli.run(Cli.host(false, "", Map.of("AWS_CONFIG_FILE", config.toString(),
        "AWS_SHARED_CREDENTIALS_FILE", credentials.toString(), "AWS_PROFILE", "nosuch")),
        "status", "--region", "eu-west-3", "--endpoint-url", NOWHERE);
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.AWS_UNAVAILABLE);
    assertThat(r.err().strip()).isEqualTo("error: the AWS profile 'nosuch' (from AWS_PROFILE) is not in " + config + " or "
        + credentials + " (no such file): run aws configure --profile nosuch, or unset AWS_PROFILE");
  }

  @Test
  void a_profile_with_a_region_but_no_credentials_says_what_it_lacks(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("config"), "[profile work]\nregion = eu-west-3\n");
    Path credentials = Files.writeString(dir.resolve("credentials"), "[other]\naws_access_key_id = x\n");
    Result r = Cli.run(Cli.host(false, "", Map.of("AWS_CONFIG_FILE", config.toString(),
        "AWS_SHARED_CREDENTIALS_FILE", credentials.toString())),
        "status", "--profile", "work", "--endpoint-url", NOWHERE);
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.AWS_UNAVAILABLE);
    assertThat(r.err().strip()).isEqualTo("error: the AWS profile 'work' in " + config + " or " + credentials
        + " has no credentials (no aws_access_key_id, sso_session, role_arn or credential_process): run aws configure "
        + "--profile work");
  }
}
