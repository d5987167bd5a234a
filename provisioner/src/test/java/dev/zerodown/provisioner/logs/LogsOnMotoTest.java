package dev.zerodown.provisioner.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.Cli.Result;
import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.aws.LogsGateway;
import dev.zerodown.provisioner.e2e.MotoAccount;
import dev.zerodown.provisioner.error.ExitCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.thirdparty.jackson.core.JsonFactory;
import software.amazon.awssdk.thirdparty.jackson.core.JsonParser;
import software.amazon.awssdk.thirdparty.jackson.core.JsonToken;

/**
 * logs against an environment deployed into moto_server with the real templates: the web stack creates both log
 * groups; the test puts events where the instances' CloudWatch agents would (one stream per instance id) and reads
 * them back through the CLI. moto returns FilterLogEvents' events grouped by stream, so the time order is the
 * verb's own sorting.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LogsOnMotoTest {
  @RegisterExtension
  static final MotoAccount moto = MotoAccount.forTheClass();

  private static final String A = "i-0aaaaaaaaaaaaaaa1";
  private static final String B = "i-0bbbbbbbbbbbbbbb2";
  private static long t0;

  @BeforeAll
  static void deployAndLog() {
    Result r = Cli.run(moto.deployDirect("--log-retention-days", "30"));
    assertThat(r.code()).as(r.toString()).isZero();
    CloudWatchLogsClient logs = moto.aws().logs();
    t0 = System.currentTimeMillis() - 20 * 60_000;
    // Two instances, their lines interleaved in time; each stream's events are put in its own order.
    put(logs, "/zerodown/dev/agent", A, List.of(event(t0, "12 [INFO] Agent - serving on :8000"),
        event(t0 + 2_000, "2040 [WARN] RedisCounter - redis: READONLY, reconnecting")));
    put(logs, "/zerodown/dev/agent", B, List.of(event(t0 + 1_000, "15 [INFO] Agent - serving on :8000"),
        event(t0 + 3_000, "3100 [INFO] Shutdown - SIGTERM: draining 15 s")));
    put(logs, "/zerodown/dev/boot", A, List.of(event(t0 + 500, "2026-12-02T12:00:00Z zerodown-web: starting: " + A)));
  }

  private static InputLogEvent event(long timestamp, String message) {
    return InputLogEvent.builder().timestamp(timestamp).message(message).build();
  }

  private static void put(CloudWatchLogsClient logs, String group, String stream, List<InputLogEvent> events) {
    logs.createLogStream(b -> b.logGroupName(group).logStreamName(stream));
    logs.putLogEvents(b -> b.logGroupName(group).logStreamName(stream).logEvents(events));
  }

  private static Result logs(String... args) {
    return Cli.run(moto.args("logs", args));
  }

  @Test
  void the_web_stack_creates_both_groups_with_the_retention_given_to_deploy() {
    var groups = moto.aws().logs().describeLogGroups(b -> b.logGroupNamePrefix("/zerodown/dev/")).logGroups();
    assertThat(groups).extracting(g -> g.logGroupName() + " " + g.retentionInDays())
        .containsExactlyInAnyOrder("/zerodown/dev/agent 30", "/zerodown/dev/boot 30");
  }

  @Test
  void logs_prints_every_instance_line_in_time_order_with_its_instance_id() {
    Result r = logs("--since", "1h");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out().lines().toList()).containsExactly(
        line(t0, A, "12 [INFO] Agent - serving on :8000"),
        line(t0 + 1_000, B, "15 [INFO] Agent - serving on :8000"),
        line(t0 + 2_000, A, "2040 [WARN] RedisCounter - redis: READONLY, reconnecting"),
        line(t0 + 3_000, B, "3100 [INFO] Shutdown - SIGTERM: draining 15 s"));
    assertThat(r.err()).isEmpty();
  }

  @Test
  void boot_selects_the_boot_group() {
    Result r = logs("--since", "1h", "--boot");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out().lines().toList()).containsExactly(line(t0 + 500, A, "2026-12-02T12:00:00Z zerodown-web: starting: " + A));
  }

  @Test
  void instance_and_filter_narrow_the_lines() {
    Result one = logs("--since", "1h", "--instance", B);
    assertThat(one.out().lines().toList()).containsExactly(line(t0 + 1_000, B, "15 [INFO] Agent - serving on :8000"),
        line(t0 + 3_000, B, "3100 [INFO] Shutdown - SIGTERM: draining 15 s"));
    Result filtered = logs("--since", "1h", "--filter", "serving on");
    assertThat(filtered.out().lines().toList()).containsExactly(line(t0, A, "12 [INFO] Agent - serving on :8000"),
        line(t0 + 1_000, B, "15 [INFO] Agent - serving on :8000"));
  }

  @Test
  void since_leaves_out_older_lines_and_says_so_when_none_are_left() {
    Result r = logs("--since", "5m");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("no log events in /zerodown/dev/agent since ");
  }

  @Test
  void output_json_is_one_valid_json_document_with_the_events_in_time_order() throws Exception {
    Result r = logs("--since", "1h", "--output", "json");
    assertThat(r.code()).as(r.toString()).isZero();
    List<String> instances = new ArrayList<>();
    try (JsonParser p = new JsonFactory().createParser(r.out())) {
      for (JsonToken t; (t = p.nextToken()) != null; ) {
        if (t == JsonToken.FIELD_NAME && p.getCurrentName().equals("instance")) {
          p.nextToken();
          instances.add(p.getText());
        }
      }
    }
    assertThat(instances).containsExactly(A, B, A, B);
    assertThat(r.out()).contains("\"group\": \"/zerodown/dev/agent\"", "\"message\": \"2040 [WARN] RedisCounter - redis: READONLY, reconnecting\"");
  }

  @Test
  void the_gateway_follows_every_page_of_filter_log_events() {
    LogsGateway small = new LogsGateway(moto.aws().logs(), 1);
    List<LogsGateway.LogEvent> events = small.events("/zerodown/dev/agent", t0 - 1, Optional.empty(), Optional.empty()).orElseThrow();
    assertThat(events).hasSize(4);
    assertThat(events).extracting(LogsGateway.LogEvent::eventId).doesNotHaveDuplicates();
    assertThat(small.exists("/zerodown/dev/agent")).isTrue();
    assertThat(small.exists("/zerodown/dev/age")).isFalse();
    assertThat(small.events("/zerodown/other/agent", t0, Optional.empty(), Optional.empty())).isEmpty();
  }

  @Test
  void a_deployment_without_the_log_groups_is_one_line_and_exit_4() {
    Result r = logs("--env", "nologs");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.PRECONDITION);
    assertThat(r.err().strip()).isEqualTo("error: no log group /zerodown/nologs/agent in this account and region: the web stack "
        + "was deployed without logs, or not at all; run java -jar provisioner.jar deploy --env nologs --endpoint-url "
        + moto.endpoint() + " to create it");
    assertThat(r.out()).isEmpty();
  }

  private static String line(long timestamp, String instance, String message) {
    return new LogLine(java.time.Instant.ofEpochMilli(timestamp), instance, message, "x", 0).text();
  }
}
