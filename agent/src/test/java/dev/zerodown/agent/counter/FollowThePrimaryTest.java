package dev.zerodown.agent.counter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerodown.testsupport.RedisServer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Connections that follow the primary: a reply saying "not the primary" drops every connection, once. */
class FollowThePrimaryTest {
  @RegisterExtension
  static final RedisServer REDIS = new RedisServer();

  /** Ids of the agent's connections (CLIENT SETNAME zerodown-agent) in CLIENT LIST. */
  static List<Long> agentConnections() {
    return Arrays.stream(REDIS.command("CLIENT", "LIST").split("\n"))
        .filter(l -> l.contains(" name=zerodown-agent "))
        .map(l -> Long.parseLong(l.replaceAll("^id=(\\d+) .*$", "$1")))
        .toList();
  }

  @Test
  void readonly_from_a_demoted_primary_drops_every_connection_and_the_next_ones_are_new() throws Exception {
    try (RedisCounter counter = new RedisCounter(REDIS.host(), REDIS.port(), false, null, "p", 500, 8, 0)) {
      // Several requests at once, so that several connections are open.
      List<Thread> ts = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Thread t = new Thread(() -> {
          for (int j = 0; j < 50; j++) {
            try {
              counter.increment();
            } catch (CounterUnavailableException e) {
              throw new AssertionError(e);
            }
          }
        });
        t.start();
        ts.add(t);
      }
      for (Thread t : ts) t.join();
      List<Long> before = agentConnections();
      assertThat(before).hasSizeGreaterThan(1);
      long maxBefore = before.stream().mapToLong(Long::longValue).max().orElseThrow();

      REDIS.command("REPLICAOF", "127.0.0.1", "1");
      try {
        assertThatThrownBy(counter::increment).isInstanceOf(CounterUnavailableException.class)
            .hasMessageContaining("READONLY");
      } finally {
        REDIS.command("REPLICAOF", "NO", "ONE");
      }
      assertThat(counter.resets()).isEqualTo(1);

      for (int i = 0; i < 20; i++) counter.increment();
      // Idle workers drop their condemned connections on their next eviction run (every 5 s) or use.
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(RedisWorkers.EVICTION_PERIOD_MILLIS / 1000 + 5).toNanos();
      while (agentConnections().stream().anyMatch(id -> id <= maxBefore) && System.nanoTime() < deadline) Thread.sleep(100);
      assertThat(agentConnections()).as("no connection from before the reset").allMatch(id -> id > maxBefore);
      assertThat(counter.resets()).isEqualTo(1);
    }
  }

  @Test
  void a_command_error_keeps_the_connection_and_resets_nothing() throws Exception {
    REDIS.command("SET", "wrongtype", "not a number");
    try (RedisCounter counter = new RedisCounter(REDIS.host(), REDIS.port(), false, null, "wrongtype", 500, 1, 0)) {
      assertThatThrownBy(counter::increment).isInstanceOf(CounterUnavailableException.class)
          .hasMessageContaining("not an integer");
      assertThatThrownBy(counter::increment).isInstanceOf(CounterUnavailableException.class);
      assertThat(counter.resets()).isZero();
    }
  }
}
