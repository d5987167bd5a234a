package dev.zerodown.provisioner.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.error.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A separate JVM with no credentials anywhere (environment, profile files, instance metadata switched off). */
class NoCredentialsTest {

  @Test
  void no_credentials_is_one_line_and_exit_3(@TempDir Path home) throws Exception {
    Path out = home.resolve("out.txt");
    Path err = home.resolve("err.txt");
    Process p = ProvisionerProcess.start(Map.of("HOME", home.toString(), "AWS_REGION", "eu-west-3",
            "AWS_CONFIG_FILE", home.resolve("none-config").toString(),
            "AWS_SHARED_CREDENTIALS_FILE", home.resolve("none-credentials").toString(),
            "AWS_EC2_METADATA_DISABLED", "true", "AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1"),
        out, err, "status", "--endpoint-url", "http://127.0.0.1:1");
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(ExitCode.AWS_UNAVAILABLE);
    // The test classpath carries slf4j-simple next to slf4j-nop (provisioner.jar has only nop): skip its notices.
    assertThat(Files.readAllLines(err).stream().filter(l -> !l.startsWith("SLF4J"))).containsExactly("error: no AWS credentials found: run `aws configure` or `aws sso login`, "
        + "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass --profile");
  }
}
