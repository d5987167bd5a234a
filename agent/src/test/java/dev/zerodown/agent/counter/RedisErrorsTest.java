package dev.zerodown.agent.counter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/** What each Redis failure means for the connection (the replies are Redis 7's own wording). */
class RedisErrorsTest {
  @Test
  void failover_replies_mean_not_the_primary() {
    assertThat(RedisErrors.classify(new JedisDataException("READONLY You can't write against a read only replica.")))
        .isEqualTo(RedisErrors.Kind.NOT_PRIMARY);
    assertThat(RedisErrors.classify(new JedisDataException("LOADING Redis is loading the dataset in memory")))
        .isEqualTo(RedisErrors.Kind.NOT_PRIMARY);
    assertThat(RedisErrors.classify(new JedisDataException(
        "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.")))
        .isEqualTo(RedisErrors.Kind.NOT_PRIMARY);
  }

  @Test
  void broken_connections_and_auth_failures_mean_connection() {
    assertThat(RedisErrors.classify(new JedisConnectionException(new SocketTimeoutException("Read timed out"))))
        .isEqualTo(RedisErrors.Kind.CONNECTION);
    assertThat(RedisErrors.classify(new JedisAccessControlException("WRONGPASS invalid username-password pair")))
        .isEqualTo(RedisErrors.Kind.CONNECTION);
  }

  @Test
  void other_reply_errors_keep_the_connection() {
    assertThat(RedisErrors.classify(new JedisDataException("ERR value is not an integer or out of range")))
        .isEqualTo(RedisErrors.Kind.COMMAND);
  }

  @Test
  void one_line_never_shows_the_secret_and_has_no_line_breaks() {
    String line = RedisErrors.oneLine(new JedisDataException("ERR bad\nthing s3cret-token here"), "s3cret-token");
    assertThat(line).isEqualTo("ERR bad thing *** here");
  }
}
