package dev.zerodown.agent.counter;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
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

  private static final Logger LOG = LoggerFactory.getLogger(RedisCounter.class);
  /** Connections opened ahead of the first request. */
  private static final int WARM_CONNECTIONS = 4;

  private final CompletableFuture<RedisClient> client = new CompletableFuture<>();
  private final int timeoutMillis;
  private final String key;
  private final String where;
  private final String password;
  /** Runs readiness checks so that the caller's wait is bounded by the timeout, whatever Jedis does. */
  private final ExecutorService readyChecks = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "redis-ready");
    t.setDaemon(true);
    return t;
  });
  private volatile Listener listener = Listener.NONE;

  /**
   * A pool of up to {@code poolSize} connections to host:port; connect, read and pool-wait
   * timeouts are all {@code timeoutMillis}. The client is built and a few connections opened on a
   * background thread, so the HTTP server starts meanwhile.
   */
  public RedisCounter(String host, int port, boolean tls, String password, String key,
      int timeoutMillis, int poolSize) {
    this.key = key;
    this.timeoutMillis = timeoutMillis;
    this.password = password;
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
    Thread t = new Thread(() -> {
      try {
        RedisClient c = RedisClient.builder()
            .hostAndPort(new HostAndPort(host, port))
            .clientConfig(cfg.build())
            .poolConfig(pool)
            .build();
        client.complete(c);
        warm(c, Math.min(WARM_CONNECTIONS, poolSize));
      } catch (RuntimeException e) {
        client.completeExceptionally(e);
      }
    }, "redis-start");
    t.setDaemon(true);
    t.start();
  }

  private void warm(RedisClient c, int connections) {
    try {
      c.getPool().addObjects(connections);
      LOG.info("{}: reachable", where);
    } catch (Exception e) {
      LOG.warn("{}: not reachable yet ({}); hello.py answers 503 until it is", where, e.getMessage());
    }
  }

  private RedisClient client() throws CounterUnavailableException {
    RedisClient c = client.getNow(null);
    if (c != null) return c;
    try {
      return client.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new CounterUnavailableException(where + ": client still starting", e);
    } catch (ExecutionException e) {
      throw new CounterUnavailableException(where + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CounterUnavailableException(where + ": interrupted", e);
    }
  }

  public void listener(Listener l) {
    this.listener = l == null ? Listener.NONE : l;
  }

  @Override
  public long increment() throws CounterUnavailableException {
    RedisClient c = client();
    long t0 = System.nanoTime();
    try {
      long v = c.incr(key);
      listener.command(System.nanoTime() - t0, false);
      return v;
    } catch (JedisConnectionException e) {
      listener.command(System.nanoTime() - t0, true);
      // Idle connections opened before an outage are dead too: drop them now so the pool
      // reconnects as soon as Redis is back instead of failing once per stale connection.
      try {
        c.getPool().clear();
      } catch (RuntimeException ignored) {
        // best effort
      }
      throw new CounterUnavailableException(where + ": " + e.getMessage(), e);
    } catch (JedisException e) {
      listener.command(System.nanoTime() - t0, true);
      throw new CounterUnavailableException(where + ": " + e.getMessage(), e);
    }
  }

  /** Ready when Redis answers PING and ROLE says master, within the timeout; never increments. */
  @Override
  public Optional<String> notReady() {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    RedisClient c;
    try {
      c = client();
    } catch (CounterUnavailableException e) {
      return Optional.of(RedisErrors.oneLine(e, password));
    }
    Future<Optional<String>> check = readyChecks.submit(() -> role(c));
    try {
      return check.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      check.cancel(true);
      return Optional.of(where + ": no answer to PING and ROLE within " + timeoutMillis + " ms");
    } catch (ExecutionException e) {
      return Optional.of(where + ": " + RedisErrors.oneLine(e.getCause(), password));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of(where + ": interrupted");
    }
  }

  private Optional<String> role(RedisClient c) {
    c.ping();
    Object reply = c.sendCommand(Protocol.Command.ROLE);
    String role = reply instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof byte[] b
        ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(reply);
    if ("master".equals(role)) return Optional.empty();
    return Optional.of(where + ": ROLE is " + role + ", not master (a replica takes no increments)");
  }

  @Override
  public String describe() {
    return where;
  }

  @Override
  public void close() {
    readyChecks.shutdownNow();
    client.thenAccept(RedisClient::close);
  }
}
