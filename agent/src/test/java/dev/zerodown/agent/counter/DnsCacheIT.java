package dev.zerodown.agent.counter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.testsupport.AgentProcess;
import dev.zerodown.testsupport.FreePort;
import dev.zerodown.testsupport.RedisServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DNS cache lifetimes the packaged agent runs with, proven by effect: the Redis endpoint's name comes
 * from a hosts file ({@code -Djdk.net.hosts.file}) that the test rewrites, two redis-servers share one port
 * on 127.0.0.2 and 127.0.0.3, and the agent runs with the systemd unit's own JVM options. The JDK's defaults
 * (30 s, 10 s for a failed lookup) would miss both bounds by far.
 */
class DnsCacheIT {
  static final String NAME = "redis.zerodown.test";
  /** A busy shared machine: process start-up, polling and reconnects on top of the TTL itself. */
  static final Duration SLACK = Duration.ofMillis(2000);

  static int port;
  static RedisServer first;
  static RedisServer second;
  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    port = FreePort.pickOn("127.0.0.2", "127.0.0.3");
    first = RedisServer.at("127.0.0.2", port).start();
    second = RedisServer.at("127.0.0.3", port).start();
  }

  @AfterAll
  static void stop() {
    if (first != null) first.close();
    if (second != null) second.close();
  }

  @Test
  void a_failed_lookup_is_cached_1_s_and_an_answer_5_s() throws Exception {
    first.command("SET", "count", "100");
    second.command("SET", "count", "5000");
    Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.9 other.zerodown.test\n");
    try (AgentProcess agent = AgentProcess.launch()
        .jvmOptions(List.of("@" + AgentProcess.unitJvmOptionsFile(), "-Djdk.net.hosts.file=" + hosts))
        .env(Map.of("REDIS_HOST", NAME, "REDIS_PORT", String.valueOf(port), "REDIS_TIMEOUT_MS", "300",
            "INSTANCE_ID", "i-dns", "METRICS_ENABLED", "false")).start()) {
      agent.awaitReady(Duration.ofSeconds(60));
      assertThat(agent.get("/cgi-bin/hello.py").statusCode()).as("the name is not in the hosts file yet").isEqualTo(503);

      Files.writeString(hosts, "127.0.0.2 " + NAME + "\n");
      long t0 = System.nanoTime();
      long counter = awaitCounter(agent, v -> v > 100, Duration.ofSeconds(15));
      Duration negative = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(counter).isBetween(101L, 200L);
      assertThat(negative).as("name added -> served (failed lookups cached 1 s)").isLessThan(Duration.ofSeconds(1).plus(SLACK));

      Files.writeString(hosts, "127.0.0.3 " + NAME + "\n");
      long t1 = System.nanoTime();
      first.outage();
      counter = awaitCounter(agent, v -> v > 5000, Duration.ofSeconds(40));
      Duration positive = Duration.ofNanos(System.nanoTime() - t1);
      assertThat(counter).isBetween(5001L, 5100L);
      assertThat(positive).as("record moved -> served by the new address (answers cached 5 s)")
          .isLessThan(Duration.ofSeconds(5).plus(SLACK));
      System.out.printf("DnsCacheIT: name added -> 200 after %d ms; record moved -> 200 from the new node after %d ms%n",
          negative.toMillis(), positive.toMillis());
    }
  }

  private static long awaitCounter(AgentProcess agent, java.util.function.LongPredicate ok, Duration timeout) {
    Pattern p = Pattern.compile("counter: (\\d+)<br />");
    long deadline = System.nanoTime() + timeout.toNanos();
    long last = -1;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = agent.get("/cgi-bin/hello.py");
      Matcher m = p.matcher(r.body());
      if (r.statusCode() == 200 && m.find()) {
        last = Long.parseLong(m.group(1));
        if (ok.test(last)) return last;
      }
      AgentProcess.sleep(50);
    }
    throw new AssertionError("no matching counter within " + timeout + " (last " + last + "): " + agent.log());
  }
}
