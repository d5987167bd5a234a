package dev.zerodown.agent.counter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.testsupport.RedisServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Group commit against a real redis-server: many threads, one INCRBY per batch, every value once. */
class GroupCommitRedisTest {
  @RegisterExtension
  static final RedisServer REDIS = new RedisServer();

  static final int THREADS = 64;
  static final int EACH = 40;

  @Test
  void many_threads_get_distinct_values_the_key_moves_by_their_number_and_batches_carry_them_all() throws Exception {
    REDIS.command("SET", "gc", "5000");
    AtomicInteger roundTrips = new AtomicInteger();
    AtomicLong carried = new AtomicLong();
    AtomicInteger largest = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    // A generous deadline: this is about values, not speed, on a machine that may be busy.
    try (RedisCounter counter = new RedisCounter(REDIS.host(), REDIS.port(), false, null, "gc", 20_000, THREADS, 0)) {
      counter.listener(new RedisCounter.Listener() {
        @Override
        public void command(long nanos, boolean failed) {
          roundTrips.incrementAndGet();
        }

        @Override
        public void batch(int size) {
          carried.addAndGet(size);
          largest.accumulateAndGet(size, Math::max);
        }
      });
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        futures.add(pool.submit(() -> {
          List<Long> got = new ArrayList<>();
          for (int k = 0; k < EACH; k++) got.add(counter.increment());
          return got;
        }));
      }
      Set<Long> values = new HashSet<>();
      int count = 0;
      for (Future<List<Long>> f : futures) {
        for (long v : f.get(300, TimeUnit.SECONDS)) {
          values.add(v);
          count++;
        }
      }
      int n = THREADS * EACH;
      assertThat(count).isEqualTo(n);
      assertThat(values).as("no value served twice").hasSize(n).allMatch(v -> v > 5000 && v <= 5000 + n);
      assertThat(Long.parseLong(REDIS.command("GET", "gc").trim())).isEqualTo(5000 + n);
      assertThat(carried.get()).as("the batches carried every increment").isEqualTo(n);
      assertThat(roundTrips.get()).as("one round trip per batch, never more than one per increment").isLessThanOrEqualTo(n);
      assertThat(largest.get()).as("a batch never exceeds HTTP_THREADS").isLessThanOrEqualTo(THREADS);
      assertThat(counter.unknownOutcomeValues()).isZero();
    } finally {
      pool.shutdownNow();
    }
  }
}
