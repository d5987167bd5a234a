package dev.zerodown.agent.counter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit with many threads against an in-memory "key" (the sender adds n to it, as INCRBY does).
 * Deadlines here are generous and only bound waits: no assertion is about elapsed time.
 */
class GroupCommitTest {
  static final int THREADS = 64;
  static final long LONG_MILLIS = 30_000;

  private final AtomicLong key = new AtomicLong(1000);
  private final ConcurrentLinkedQueue<Integer> batchSizes = new ConcurrentLinkedQueue<>();
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
  private GroupCommit commit;

  @AfterEach
  void stop() {
    pool.shutdownNow();
    if (commit != null) commit.close();
  }

  private GroupCommit start(GroupCommit.Sender sender, int senders, int maxBatch) {
    commit = new GroupCommit(() -> sender, senders, maxBatch, "test");
    commit.observer((size, nanos, failed) -> batchSizes.add(size));
    return commit;
  }

  private GroupCommit.Sender inMemory() {
    return (n, until) -> {
      Thread.onSpinWait();
      return key.addAndGet(n);
    };
  }

  @Test
  void n_increments_from_many_threads_give_n_distinct_values_and_move_the_key_by_n() throws Exception {
    start(inMemory(), 2, THREADS);
    int each = 200;
    List<Future<List<Long>>> futures = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      futures.add(pool.submit(() -> {
        List<Long> got = new ArrayList<>();
        for (int k = 0; k < each; k++) got.add(commit.increment(in(LONG_MILLIS)));
        return got;
      }));
    }
    Set<Long> values = new HashSet<>();
    int count = 0;
    for (Future<List<Long>> f : futures) {
      for (long v : f.get(120, TimeUnit.SECONDS)) {
        values.add(v);
        count++;
      }
    }
    int n = THREADS * each;
    assertThat(count).isEqualTo(n);
    assertThat(values).hasSize(n);
    assertThat(values).allMatch(v -> v > 1000 && v <= 1000 + n);
    assertThat(key.get()).isEqualTo(1000 + n);
    assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(n);
  }

  @Test
  void requests_that_arrive_during_a_round_trip_share_the_next_one_up_to_the_cap() throws Exception {
    CountDownLatch firstInFlight = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    int cap = 16;
    start((n, until) -> {
      if (calls.incrementAndGet() == 1) {
        firstInFlight.countDown();
        await(release);
      }
      return key.addAndGet(n);
    }, 1, cap);
    Future<Long> first = pool.submit(() -> commit.increment(in(LONG_MILLIS)));
    assertThat(firstInFlight.await(30, TimeUnit.SECONDS)).isTrue();
    int more = cap;  // as many as may wait: the queue holds one full batch per sender
    List<Future<Long>> rest = new ArrayList<>();
    for (int i = 0; i < more; i++) rest.add(pool.submit(() -> commit.increment(in(LONG_MILLIS))));
    while (commit.waiting() < cap) Thread.sleep(5);  // a full batch waits while the first round trip is out
    release.countDown();
    Set<Long> values = new HashSet<>();
    values.add(first.get(30, TimeUnit.SECONDS));
    for (Future<Long> f : rest) values.add(f.get(30, TimeUnit.SECONDS));
    assertThat(values).hasSize(more + 1);
    assertThat(key.get()).isEqualTo(1000 + more + 1);
    assertThat(batchSizes).allMatch(s -> s <= cap);
    assertThat(batchSizes).contains(cap);
  }

  @Test
  void a_batch_that_fails_answers_every_request_in_it_with_503_and_serves_none() throws Exception {
    CountDownLatch firstInFlight = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    start((n, until) -> {
      int call = calls.incrementAndGet();
      if (call == 1) {
        firstInFlight.countDown();
        await(release);
        return key.addAndGet(n);
      }
      key.addAndGet(n);  // sent, then the connection broke before the reply: the key moved, nobody knows
      throw new CounterUnavailableException("test: connection reset after INCRBY " + n, null);
    }, 1, THREADS);
    Future<Long> first = pool.submit(() -> commit.increment(in(LONG_MILLIS)));
    assertThat(firstInFlight.await(30, TimeUnit.SECONDS)).isTrue();
    int more = 10;
    List<Future<Long>> failing = new ArrayList<>();
    for (int i = 0; i < more; i++) failing.add(pool.submit(() -> commit.increment(in(LONG_MILLIS))));
    while (commit.waiting() < more) Thread.sleep(5);
    release.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(1001);
    for (Future<Long> f : failing) {
      assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(CounterUnavailableException.class)
          .hasMessageContaining("connection reset after INCRBY " + more);
    }
    assertThat(calls.get()).as("never retried").isEqualTo(2);
    assertThat(commit.unknownOutcomeValues()).isEqualTo(more);
    // the key moved by the one value served plus at most the unknown-outcome batch
    assertThat(key.get() - 1000).isBetween(1L, 1L + commit.unknownOutcomeValues());
  }

  @Test
  void a_request_past_its_deadline_answers_503_while_its_batch_is_still_out_and_its_value_is_skipped() throws Exception {
    CountDownLatch inFlight = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    start((n, until) -> {
      inFlight.countDown();
      await(release);  // Redis does not answer until the test says so
      return key.addAndGet(n);
    }, 1, THREADS);
    Future<Long> shortDeadline = pool.submit(() -> commit.increment(in(2000)));
    assertThat(inFlight.await(30, TimeUnit.SECONDS)).isTrue();
    // The caller leaves at its deadline although the round trip is still blocked.
    assertThatThrownBy(() -> shortDeadline.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(CounterUnavailableException.class)
        .hasMessageContaining("no answer to INCRBY in time");
    release.countDown();
    long next = commit.increment(in(LONG_MILLIS));
    assertThat(next).as("1001 went to the request that had left: skipped, not served again").isEqualTo(1002);
    assertThat(commit.skippedValues()).isEqualTo(1);
  }

  @Test
  void a_request_whose_deadline_passed_before_a_sender_took_it_spends_no_value() throws Exception {
    CountDownLatch inFlight = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    start((n, until) -> {
      if (calls.incrementAndGet() == 1) {
        inFlight.countDown();
        await(release);
      }
      return key.addAndGet(n);
    }, 1, THREADS);
    Future<Long> first = pool.submit(() -> commit.increment(in(LONG_MILLIS)));
    assertThat(inFlight.await(30, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> commit.increment(in(50))).isInstanceOf(CounterUnavailableException.class);
    release.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(1001);
    assertThat(commit.increment(in(LONG_MILLIS))).isEqualTo(1002);
    assertThat(key.get()).isEqualTo(1002);
    assertThat(commit.skippedValues()).isZero();
  }

  private static long in(long millis) {
    return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
