package dev.zerodown.provisioner.logs;

import dev.zerodown.provisioner.aws.LogsGateway.LogEvent;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Reads one of the web stack's log groups for {@code logs}: every event since a moment, merged across the instances'
 * streams in time order (FilterLogEvents returns them grouped by stream on an emulator, and AWS promises no order
 * across pages that matters here, so they are sorted client-side); or, following, the new events every poll,
 * each printed once (by event id) as it arrives.
 */
public final class Logs {
  /**
   * How far back each poll of --follow asks again: the CloudWatch agent stamps a line when it reads it and sends
   * every few seconds, so an event can reach CloudWatch Logs after a later one from another instance was shown.
   * Events that arrive later than this after their timestamp are not shown by --follow (a later `logs` shows them).
   */
  static final Duration LOOKBACK = Duration.ofMinutes(1);

  /** What to read: the group, one instance's stream or all, and a text the events must contain. */
  public record Query(String group, Optional<String> instance, Optional<String> text) {
    public Query {
      Objects.requireNonNull(group, "group");
      if (text.isPresent() && text.get().contains("\"")) {
        throw UserException.usage("--filter cannot contain a double quote (it is matched as one exact phrase): " + text.get());
      }
      if (text.isPresent() && text.get().isBlank()) throw UserException.usage("--filter needs a text to look for");
    }

    /** The CloudWatch Logs filter pattern: the text as one exact, case-sensitive phrase. */
    Optional<String> pattern() {
      return text.map(t -> "\"" + t + "\"");
    }
  }

  /** Where the events come from: {@code LogsGateway::events}; empty when the group does not exist. */
  @FunctionalInterface
  public interface Source {
    Optional<List<LogEvent>> events(String group, long startMillis, Optional<String> stream, Optional<String> pattern);
  }

  private final Source source;
  private final Clock clock;
  private final String deployHint;

  /** {@code deployHint}: the deploy command line of this environment, named when the group is missing. */
  public Logs(Source source, Clock clock, String deployHint) {
    this.source = Objects.requireNonNull(source, "source");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.deployHint = Objects.requireNonNull(deployHint, "deployHint");
  }

  /** Every event since {@code since} ago, in time order. */
  public LogsReport read(Query q, Duration since) {
    Instant from = clock.instant().minus(since);
    List<LogLine> lines = fetch(q, from.toEpochMilli()).stream().map(LogLine::of).sorted(LogLine.TIME_ORDER).toList();
    return new LogsReport(q.group(), from, lines);
  }

  /**
   * Prints (to {@code sink}) the events since {@code since} ago, then every {@code poll} the ones that arrived, each
   * once, in time order within a poll, until {@code stopped} says so. Returns how many it printed. An interrupt
   * (Ctrl-C) ends the wait between polls with {@link InterruptedException}.
   */
  public int follow(Query q, Duration since, Duration poll, BooleanSupplier stopped, Consumer<LogLine> sink)
      throws InterruptedException {
    long start = clock.instant().minus(since).toEpochMilli();
    long newest = start;
    Map<String, Long> seen = new HashMap<>();
    int printed = 0;
    while (true) {
      long from = Math.max(start, newest - LOOKBACK.toMillis());
      List<LogLine> fresh = new ArrayList<>();
      for (LogEvent e : fetch(q, from)) {
        if (seen.putIfAbsent(e.eventId(), e.timestamp()) == null) fresh.add(LogLine.of(e));
      }
      fresh.sort(LogLine.TIME_ORDER);
      for (LogLine l : fresh) {
        sink.accept(l);
        newest = Math.max(newest, l.time().toEpochMilli());
      }
      printed += fresh.size();
      long forget = from - LOOKBACK.toMillis();
      seen.values().removeIf(t -> t < forget);
      if (stopped.getAsBoolean()) return printed;
      Thread.sleep(poll.toMillis());
      if (stopped.getAsBoolean()) return printed;
    }
  }

  private List<LogEvent> fetch(Query q, long fromMillis) {
    return source.events(q.group(), fromMillis, q.instance(), q.pattern())
        .orElseThrow(() -> new UserException(ExitCode.PRECONDITION, "no log group " + q.group()
            + " in this account and region: the web stack was deployed without logs, or not at all; run "
            + deployHint + " to create it"));
  }
}
