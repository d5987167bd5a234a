package dev.zerodown.agent.counter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerodown.testsupport.FreePort;
import dev.zerodown.testsupport.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** COUNTER_MIN_REPLICAS=1: a value is served only once a replica holds it (WAIT), else 503 and the value is skipped. */
class MinReplicasTest {
  @RegisterExtension
  /** No 5 s wait before the first sync (Redis 7's repl-diskless-sync-delay default). */
  static final RedisServer PRIMARY = new RedisServer().withArgs("--repl-diskless-sync-delay", "0");

  /** Generous: this test is about what is served, not about speed (SlowRedisTest is). */
  static final int TIMEOUT_MS = 1000;

  /** Waits until {@code n} replicas are connected and, if any, the first has finished its initial sync. */
  static void awaitReplicas(int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!synced(n) && System.nanoTime() < deadline) Thread.sleep(50);
    assertThat(PRIMARY.command("INFO", "replication")).contains("connected_slaves:" + n);
    assertThat(synced(n)).isTrue();
  }

  static boolean synced(int n) {
    String info = PRIMARY.command("INFO", "replication");
    // online is not enough: the replica's first ACK may still be on its way, and a WAIT before it counts 0.
    return info.contains("connected_slaves:" + n)
        && (n == 0 || info.contains("state=online") && String.valueOf(n).equals(PRIMARY.command("WAIT", String.valueOf(n), "100")));
  }

  /**
   * Arrange, not the behaviour under test: on a loaded machine the first WAIT after the initial sync has been
   * seen to count 0 (a CI run, once in many), so the test starts from the first value a replica confirmed.
   */
  static void awaitFirstConfirmed(RedisCounter counter) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        counter.increment();
        return;
      } catch (CounterUnavailableException e) {
        if (System.nanoTime() > deadline) throw new AssertionError("no value confirmed by the replica within 20 s", e);
        Thread.sleep(100);
      }
    }
  }

  @Test
  void with_a_replica_every_served_value_is_on_the_replica_and_without_one_the_value_is_skipped() throws Exception {
    RedisServer replica = RedisServer.at("127.0.0.1", FreePort.pick())
        .withArgs("--replicaof", "127.0.0.1", String.valueOf(PRIMARY.port())).start();
    try (RedisCounter counter = new RedisCounter(PRIMARY.host(), PRIMARY.port(), false, null, "w", TIMEOUT_MS, 2, 1)) {
      awaitReplicas(1);
      awaitFirstConfirmed(counter);
      for (int i = 0; i < 20; i++) {
        long v = counter.increment();
        assertThat(replica.command("GET", "w")).as("the replica holds served value %d", v).isEqualTo(String.valueOf(v));
      }

      replica.close();
      awaitReplicas(0);
      long before = Long.parseLong(PRIMARY.command("GET", "w"));
      long t0 = System.nanoTime();
      assertThatThrownBy(counter::increment).isInstanceOf(CounterUnavailableException.class)
          .hasMessageContaining("confirmed by 0 replica(s)");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(TIMEOUT_MS + 1000));
      assertThat(PRIMARY.command("GET", "w")).as("the key moved, the value was not served").isEqualTo(String.valueOf(before + 1));
    } finally {
      replica.close();
    }
  }
}
