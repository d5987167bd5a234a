package dev.zerodown.agent.counter;

import java.time.Duration;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/** The counter in Redis: one {@code INCR} per call over a pooled Jedis connection. */
public final class RedisCounter implements Counter {
  /** Observes each Redis command: its latency and whether it failed (metrics hook). */
  public interface Listener {
    void command(long nanos, boolean failed);

    Listener NONE = (nanos, failed) -> {};
  }

  private final RedisClient client;
  private final String key;
  private final String where;
  private volatile Listener listener = Listener.NONE;

  /**
   * A pool of up to {@code poolSize} connections to host:port; connect, read and pool-wait
   * timeouts are all {@code timeoutMillis}.
   */
  public RedisCounter(String host, int port, boolean tls, String password, String key,
      int timeoutMillis, int poolSize) {
    this.key = key;
    this.where = "redis " + host + ":" + port + (tls ? " (tls)" : "") + " key " + key;
    DefaultJedisClientConfig.Builder cfg = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(timeoutMillis)
        .socketTimeoutMillis(timeoutMillis)
        .ssl(tls)
        .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
        .clientName("zerodown-agent");
    if (password != null) cfg.password(password);
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(poolSize);
    pool.setMaxIdle(poolSize);
    pool.setMinIdle(0);
    pool.setBlockWhenExhausted(true);
    pool.setMaxWait(Duration.ofMillis(timeoutMillis));
    pool.setTestOnBorrow(false);
    pool.setTestWhileIdle(false);
    pool.setJmxEnabled(false);
    this.client = RedisClient.builder()
        .hostAndPort(new HostAndPort(host, port))
        .clientConfig(cfg.build())
        .poolConfig(pool)
        .build();
  }

  public void listener(Listener l) {
    this.listener = l == null ? Listener.NONE : l;
  }

  @Override
  public long increment() throws CounterUnavailableException {
    long t0 = System.nanoTime();
    try {
      long v = client.incr(key);
      listener.command(System.nanoTime() - t0, false);
      return v;
    } catch (JedisConnectionException e) {
      listener.command(System.nanoTime() - t0, true);
      // Idle connections opened before an outage are dead too: drop them now so the pool
      // reconnects as soon as Redis is back instead of failing once per stale connection.
      try {
        client.getPool().clear();
      } catch (RuntimeException ignored) {
        // best effort
      }
      throw new CounterUnavailableException(where + ": " + e.getMessage(), e);
    } catch (JedisException e) {
      listener.command(System.nanoTime() - t0, true);
      throw new CounterUnavailableException(where + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return where;
  }

  /** Connections currently open (idle + in use), for tests and metrics. */
  public int openConnections() {
    var p = client.getPool();
    return p.getNumActive() + p.getNumIdle();
  }

  @Override
  public void close() {
    client.close();
  }
}
