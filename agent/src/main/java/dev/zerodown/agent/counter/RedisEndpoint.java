package dev.zerodown.agent.counter;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The Redis primary endpoint and the connections to it, which follow it through a failover.
 *
 * <p>ElastiCache fails over by promoting a replica and moving the primary endpoint's DNS record to it;
 * the old primary, if it comes back, is a replica and answers writes with {@code -READONLY}. So a
 * connection is dropped, <em>and every other connection with it</em> (a "reset": the next ones
 * resolve the name again), on a connection error or a not-primary reply ({@link RedisErrors.Kind}),
 * and no connection lives longer than {@link #MAX_LIFETIME_NANOS} even when nothing fails, so that
 * none outlives a DNS change for long.
 *
 * <p>Each {@link Link} is owned by one thread at a time (no pool, no locks on the command path); a
 * reset is a generation number that every link compares before its next use.
 */
public final class RedisEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(RedisEndpoint.class);
  /**
   * 30 s: with the 5 s DNS cache the agent sets, a connection follows a moved endpoint record within
   * about half a minute even if its old node keeps accepting writes; a reconnect (TCP, TLS, AUTH) every
   * 30 s per connection costs nothing measurable.
   */
  static final long MAX_LIFETIME_NANOS = TimeUnit.SECONDS.toNanos(30);
  /** Up to 20 % earlier, so that connections opened together are not all replaced in the same instant. */
  static final double LIFETIME_JITTER = 0.2;

  private final HostAndPort address;
  private final JedisClientConfig config;
  private final String secret;
  private final String where;
  private final Runnable onReset;
  private final AtomicLong generation = new AtomicLong();
  /** A failover produces a burst of resets: one log line a second is plenty (the metric counts them all). */
  static final long RESET_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
  private final AtomicLong nextResetLog = new AtomicLong(System.nanoTime());
  private final AtomicLong unloggedResets = new AtomicLong();

  /**
   * @param secret  the AUTH token, scrubbed from every message this class produces
   * @param onReset called once per reset (the {@code zerodown.redis.pool.resets} metric)
   */
  public RedisEndpoint(HostAndPort address, JedisClientConfig config, String secret, String where, Runnable onReset) {
    this.address = address;
    this.config = config;
    this.secret = secret;
    this.where = where;
    this.onReset = onReset;
  }

  /** A new link with no connection yet; it connects on first use. */
  public Link link() {
    return new Link();
  }

  /** The failure as one line, never showing the AUTH token. */
  public String describe(Throwable e) {
    return RedisErrors.oneLine(e, secret);
  }

  /** How many resets happened (tests and logs). */
  public long resets() {
    return generation.get();
  }

  /** Drops every connection: each link reconnects before its next command. */
  private void reset(long seen, Throwable cause, RedisErrors.Kind kind) {
    // Only the first failure of a generation resets: the others were on connections it already condemned.
    if (!generation.compareAndSet(seen, seen + 1)) return;
    onReset.run();
    long now = System.nanoTime();
    long next = nextResetLog.get();
    if (now - next < 0 || !nextResetLog.compareAndSet(next, now + RESET_LOG_INTERVAL_NANOS)) {
      unloggedResets.incrementAndGet();
      return;
    }
    long more = unloggedResets.getAndSet(0);
    LOG.warn("{}: {} ({}); dropping every connection, the next ones look up {} again{}", where,
        kind == RedisErrors.Kind.NOT_PRIMARY ? "not the primary" : "connection failed", describe(cause),
        address.getHost(), more > 0 ? " (" + more + " more resets since the last line)" : "");
  }

  /** One connection to the primary endpoint, used by one thread at a time. */
  public final class Link {
    private Connection connection;
    private long connectionGeneration;
    private long expiresAt;

    private Link() {}

    /** The live connection, (re)connecting when there is none, a reset condemned it, or it is past its lifetime. */
    public Connection connection() {
      long now = System.nanoTime();
      if (connection != null && (connectionGeneration != generation.get() || now - expiresAt >= 0)) close();
      if (connection == null) {
        // A failed connect resets nothing: there is no connection to drop, and the others fail on their own.
        long gen = generation.get();
        connection = new Connection(address, config);
        connectionGeneration = gen;
        long lifetime = (long) (MAX_LIFETIME_NANOS * (1 - LIFETIME_JITTER * ThreadLocalRandom.current().nextDouble()));
        expiresAt = now + lifetime;
      }
      return connection;
    }

    /**
     * Handles a command's failure: a command error keeps the connection; anything else drops it
     * and resets the endpoint. Returns the kind.
     */
    public RedisErrors.Kind failed(JedisException e) {
      RedisErrors.Kind kind = RedisErrors.classify(e);
      if (kind != RedisErrors.Kind.COMMAND) {
        long gen = connectionGeneration;
        close();
        reset(gen, e, kind);
      }
      return kind;
    }

    /** Idle maintenance: closes the connection when a reset condemned it or its lifetime is over. */
    public void evict() {
      if (connection != null && (connectionGeneration != generation.get() || System.nanoTime() - expiresAt >= 0)) close();
    }

    public boolean connected() {
      return connection != null;
    }

    public void close() {
      Connection c = connection;
      connection = null;
      if (c != null) {
        try {
          c.close();
        } catch (RuntimeException ignored) {
          // a broken connection may fail to close cleanly; it is gone either way
        }
      }
    }
  }
}
