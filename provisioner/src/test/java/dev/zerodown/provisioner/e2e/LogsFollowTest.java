package dev.zerodown.provisioner.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.aws.AwsClients;
import dev.zerodown.provisioner.aws.AwsSettings;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.testsupport.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/**
 * logs --follow as a separate JVM against moto_server: it prints what is there, then what arrives (each line once),
 * and Ctrl-C (SIGINT) stops it cleanly with exit 130 like every interrupted verb. The groups are made directly (the
 * verb only reads them; LogsOnMotoTest has them made by the deployed web stack).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LogsFollowTest {
  @RegisterExtension
  static final MotoServer moto = new MotoServer();

  @Test
  void follow_prints_new_lines_once_and_ctrl_c_ends_it_with_130(@TempDir Path dir) throws Exception {
    moto.reset();
    try (AwsClients aws = new AwsClients(new AwsSettings(Region.EU_WEST_3, Optional.empty(), Optional.of(moto.endpoint())))) {
      CloudWatchLogsClient logs = aws.logs();
      logs.createLogGroup(b -> b.logGroupName("/zerodown/dev/agent"));
      logs.createLogStream(b -> b.logGroupName("/zerodown/dev/agent").logStreamName("i-0aaaaaaaaaaaaaaa1"));
      long now = System.currentTimeMillis();
      put(logs, now - 60_000, "12 [INFO] Agent - serving on :8000");
      Path out = dir.resolve("out.txt");
      Path err = dir.resolve("err.txt");
      Process p = ProvisionerProcess.start(Map.of("HOME", dir.toString(), "AWS_REGION", "eu-west-3",
          "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test", "AWS_EC2_METADATA_DISABLED", "true"), out, err,
          "logs", "--follow", "--since", "10m", "--endpoint-url", moto.endpoint().toString());
      try {
        awaitLines(out, 1, p);
        put(logs, System.currentTimeMillis(), "2040 [WARN] RedisCounter - redis: READONLY, reconnecting");
        awaitLines(out, 2, p);
        Thread.sleep(4_500);  // two more polls: nothing is printed twice
        new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(err)).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(Files.readAllLines(out)).hasSize(2).satisfiesExactly(
            l -> assertThat(l).endsWith("  i-0aaaaaaaaaaaaaaa1  12 [INFO] Agent - serving on :8000"),
            l -> assertThat(l).endsWith("  i-0aaaaaaaaaaaaaaa1  2040 [WARN] RedisCounter - redis: READONLY, reconnecting"));
        // (the test class path's second SLF4J provider may warn first; the provisioner jar has one)
        List<String> errLines = Files.readAllLines(err);
        assertThat(errLines).last().isEqualTo("stopped following /zerodown/dev/agent");
        assertThat(Files.readString(err)).doesNotContain("error:", "Exception", "\tat ");
      } finally {
        p.destroyForcibly();
      }
    }
  }

  private static void put(CloudWatchLogsClient logs, long timestamp, String message) {
    logs.putLogEvents(b -> b.logGroupName("/zerodown/dev/agent").logStreamName("i-0aaaaaaaaaaaaaaa1")
        .logEvents(InputLogEvent.builder().timestamp(timestamp).message(message).build()));
  }

  private static void awaitLines(Path out, int n, Process p) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (Files.readAllLines(out).size() < n && System.nanoTime() < deadline && p.isAlive()) Thread.sleep(100);
    assertThat(Files.readAllLines(out)).as("lines printed so far").hasSizeGreaterThanOrEqualTo(n);
  }
}
