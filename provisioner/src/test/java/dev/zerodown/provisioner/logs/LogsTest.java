package dev.zerodown.provisioner.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerodown.provisioner.aws.LogsGateway.LogEvent;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The engine of `logs` with a fake source: the merge across streams, following without repeats, the missing group. */
class LogsTest {
  private static final Instant NOW = Instant.parse("2026-12-02T13:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Logs.Query AGENT = new Logs.Query("/zerodown/dev/agent", Optional.empty(), Optional.empty());

  private static LogEvent e(String id, String stream, long secondsAgo, long ingestedSecondsAgo, String message) {
    return new LogEvent(id, stream, NOW.minusSeconds(secondsAgo).toEpochMilli(), NOW.minusSeconds(ingestedSecondsAgo).toEpochMilli(),
        message);
  }

  @Test
  void read_merges_the_streams_by_time_then_ingestion_and_keeps_each_streams_order_for_ties() {
    // As moto returns them: grouped by stream.
    List<LogEvent> events = List.of(e("1", "i-a", 30, 29, "a first"), e("2", "i-a", 10, 9, "a tie 1"), e("3", "i-a", 10, 9, "a tie 2"),
        e("4", "i-b", 20, 19, "b first"), e("5", "i-b", 10, 5, "b same time, ingested later\n"));
    List<Long> starts = new ArrayList<>();
    Logs logs = new Logs((g, start, stream, pattern) -> {
      starts.add(start);
      return Optional.of(events);
    }, CLOCK, "deploy");
    LogsReport report = logs.read(AGENT, Duration.ofMinutes(15));
    assertThat(report.lines()).extracting(LogLine::message)
        .containsExactly("a first", "b first", "a tie 1", "a tie 2", "b same time, ingested later");
    assertThat(starts).containsExactly(NOW.minus(Duration.ofMinutes(15)).toEpochMilli());
    assertThat(report.text().lines().findFirst().orElseThrow()).isEqualTo("2026-12-02 12:59:30.000Z  i-a  a first");
  }

  @Test
  void follow_prints_each_event_once_asks_again_a_minute_back_and_stops_when_told() throws Exception {
    List<List<LogEvent>> polls = List.of(
        List.of(e("1", "i-a", 100, 99, "one"), e("2", "i-b", 90, 89, "two")),
        // the same events again, plus a late one from another instance that is older than the newest shown
        List.of(e("1", "i-a", 100, 99, "one"), e("2", "i-b", 90, 89, "two"), e("3", "i-a", 95, 1, "late"),
            e("4", "i-b", 80, 1, "four")),
        List.of(e("4", "i-b", 80, 1, "four")));
    AtomicInteger poll = new AtomicInteger();
    List<Long> starts = new CopyOnWriteArrayList<>();
    Logs logs = new Logs((g, start, stream, pattern) -> {
      starts.add(start);
      return Optional.of(polls.get(Math.min(poll.getAndIncrement(), polls.size() - 1)));
    }, CLOCK, "deploy");
    List<String> printed = new ArrayList<>();
    int n = logs.follow(AGENT, Duration.ofMinutes(5), Duration.ofMillis(1), () -> poll.get() >= 3, l -> printed.add(l.message()));
    assertThat(printed).containsExactly("one", "two", "late", "four");
    assertThat(n).isEqualTo(4);
    long fiveMinutesAgo = NOW.minus(Duration.ofMinutes(5)).toEpochMilli();
    assertThat(starts.get(0)).isEqualTo(fiveMinutesAgo);
    assertThat(starts.get(1)).as("a minute before the newest event shown, not before the start")
        .isEqualTo(Math.max(fiveMinutesAgo, NOW.minusSeconds(90).toEpochMilli() - Logs.LOOKBACK.toMillis()));
  }

  @Test
  void follow_ends_with_interrupted_when_ctrl_c_interrupts_the_wait() {
    Logs logs = new Logs((g, start, stream, pattern) -> Optional.of(List.of()), CLOCK, "deploy");
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> logs.follow(AGENT, Duration.ofMinutes(1), Duration.ofSeconds(30), () -> false, l -> { }))
        .isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
  }

  @Test
  void a_missing_group_is_one_line_with_exit_4_naming_the_deploy_command() {
    Logs logs = new Logs((g, start, stream, pattern) -> Optional.empty(), CLOCK, "java -jar provisioner.jar deploy --env qa");
    assertThatThrownBy(() -> logs.read(new Logs.Query("/zerodown/qa/boot", Optional.empty(), Optional.empty()), Duration.ofHours(1)))
        .isInstanceOfSatisfying(UserException.class, u -> {
          assertThat(u.exitCode()).isEqualTo(ExitCode.PRECONDITION);
          assertThat(u.getMessage()).isEqualTo("no log group /zerodown/qa/boot in this account and region: the web stack was "
              + "deployed without logs, or not at all; run java -jar provisioner.jar deploy --env qa to create it");
        });
  }

  @Test
  void the_filter_is_one_exact_phrase_and_the_instance_names_the_stream() {
    List<String> asked = new ArrayList<>();
    Logs logs = new Logs((g, start, stream, pattern) -> {
      asked.add(g + " " + stream.orElse("*") + " " + pattern.orElse("-"));
      return Optional.of(List.of());
    }, CLOCK, "deploy");
    logs.read(new Logs.Query("/zerodown/dev/agent", Optional.of("i-0abc"), Optional.of("READONLY from")), Duration.ofMinutes(1));
    assertThat(asked).containsExactly("/zerodown/dev/agent i-0abc \"READONLY from\"");
    assertThatThrownBy(() -> new Logs.Query("g", Optional.empty(), Optional.of("say \"hi\"")))
        .hasMessage("--filter cannot contain a double quote (it is matched as one exact phrase): say \"hi\"");
  }

  @Test
  void since_takes_seconds_minutes_hours_and_days() {
    SinceConverter c = new SinceConverter();
    assertThat(c.convert("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.convert("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.convert("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(c.convert("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(c.convert("250ms")).as("the grammar of every duration option").isEqualTo(Duration.ofMillis(250));
    assertThat(c.convert("90")).isEqualTo(Duration.ofSeconds(90));
    assertThatThrownBy(() -> c.convert("1w")).hasMessage("'1w' is not a time span: use e.g. 90s, 15m, 1h or 2d");
    assertThatThrownBy(() -> c.convert("0m")).hasMessage("'0m' is not a time span: use e.g. 90s, 15m, 1h or 2d");
  }

  @Test
  void with_output_json_a_followed_line_is_one_json_object_on_one_line() {
    LogLine l = new LogLine(NOW, "i-a", "say \"hi\"\\n  indented", "id-1", 0);
    assertThat(dev.zerodown.provisioner.console.Json.writeLine(l.document())).isEqualTo(
        "{\"time\": \"2026-12-02T13:00:00Z\",\"instance\": \"i-a\",\"message\": \"say \\\"hi\\\"\\\\n  indented\",\"eventId\": \"id-1\"}");
  }

  @Test
  void a_message_stays_one_line_and_the_stream_names_the_instance() {
    assertThat(LogLine.oneLine("a\nb\n")).isEqualTo("a\\nb");
    assertThat(LogLine.instanceOf("i-0abc/cloud-init")).isEqualTo("i-0abc");
    assertThat(LogLine.instanceOf("i-0abc")).isEqualTo("i-0abc");
  }
}
