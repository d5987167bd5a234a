package dev.zerodown.agent.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.agent.TestAgent;
import dev.zerodown.testsupport.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many clients at once: every request gets its own counter value, none lost, none repeated. */
class ConcurrencyTest {
  @RegisterExtension
  static final RedisServer REDIS = new RedisServer();

  static final int CLIENTS = 64;
  static final int REQUESTS_EACH = 50;
  static final Pattern COUNTER = Pattern.compile("counter: (\\d+)<br />");

  @Test
  void concurrent_gets_give_distinct_counter_values_and_the_key_ends_at_their_number() throws Exception {
    REDIS.command("SET", "count", "1000");
    int n = CLIENTS * REQUESTS_EACH;
    long[] seen;
    long elapsedNanos;
    long[] latencies = new long[n];
    // A generous deadline: this test is about distinct values under concurrency (SlowRedisTest is about the
    // deadline); 64 clients at once open up to 64 connections, slow on a machine at load 30.
    try (TestAgent agent = TestAgent.start(Map.of("REDIS_HOST", REDIS.host(),
        "REDIS_PORT", String.valueOf(REDIS.port()), "INSTANCE_ID", "i-test", "REDIS_TIMEOUT_MS", "5000"))) {
      agent.get("/cgi-bin/ping.py"); // connection set up and JIT warm-up are not what this measures
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      try {
        List<Future<long[]>> results = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
          final int client = c;
          results.add(pool.submit(() -> {
            long[] values = new long[REQUESTS_EACH];
            for (int i = 0; i < REQUESTS_EACH; i++) {
              long s = System.nanoTime();
              var r = agent.get("/cgi-bin/hello.py");
              latencies[client * REQUESTS_EACH + i] = System.nanoTime() - s;
              if (r.statusCode() != 200) throw new AssertionError("status " + r.statusCode() + ": " + r.body());
              Matcher m = COUNTER.matcher(r.body());
              if (!m.find()) throw new AssertionError("no counter in " + r.body());
              values[i] = Long.parseLong(m.group(1));
            }
            return values;
          }));
        }
        seen = new long[n];
        int k = 0;
        for (Future<long[]> f : results) {
          for (long v : f.get()) seen[k++] = v;
        }
        elapsedNanos = System.nanoTime() - t0;
      } finally {
        pool.shutdownNow();
      }
    }
    Arrays.sort(seen);
    assertThat(Arrays.stream(seen).distinct().count()).as("distinct counter values").isEqualTo(n);
    assertThat(seen[0]).isEqualTo(1001);
    assertThat(seen[n - 1]).isEqualTo(1000 + n);
    assertThat(REDIS.command("GET", "count")).isEqualTo(String.valueOf(1000 + n));
    report(n, elapsedNanos, latencies);
  }

  /** The figures for the record (never asserted: the machine is shared and noisy). */
  private static void report(int n, long elapsedNanos, long[] latencies) throws IOException {
    Arrays.sort(latencies);
    String line = String.format("concurrency: %d clients x %d requests = %d hello.py GETs in %.0f ms "
            + "(%.0f req/s in-process client); latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        CLIENTS, REQUESTS_EACH, n, elapsedNanos / 1e6, n / (elapsedNanos / 1e9),
        latencies[n / 2] / 1e6, latencies[(int) (n * 0.99)] / 1e6, latencies[n - 1] / 1e6);
    System.out.print(line);
    Path out = Path.of("target", "concurrency-report.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, line);
  }

}
