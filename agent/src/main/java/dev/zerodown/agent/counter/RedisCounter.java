package dev.zerodown.agent.counter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The counter in Redis: one {@code INCR} per call (then {@code WAIT} when replicas must confirm it),
 * on connections that follow the primary through a failover ({@link RedisEndpoint}), each call
 * answered within one deadline of {@code timeoutMillis} ({@link RedisWorkers}).
 */
public final class RedisCounter implements Counter {
  /**
   * Observes each round trip of increments (latency, failure, how many increments it carried), each reset of
   * the connections, and values that were skipped (metrics hook).
   */
  public interface Listener {
    /** One {@code INCRBY n} round trip (a batch of {@code n} hello.py increments, group commit). */
    void command(long nanos, boolean failed);

    /** The number of increments the last round trip carried. */
    default void batch(int size) {}

    /** Values the key consumed that were never served: their requests had already answered 503. */
    default void skipped(int values) {}

    /** Every connection was dropped after a connection error or a not-primary reply. */
    default void poolReset() {}

    Listener NONE = (nanos, failed) -> {};
  }

  /** Connections opened ahead of the first request. */
  private static final int WARM_CONNECTIONS = 4;
  /**
   * Jedis's socket timeout sits this far past the request's deadline: the request answers 503 at its
   * deadline anyway (enforced by {@link RedisWorkers}), and a reply arriving right at the deadline
   * should not break a good connection.
   */
  static final int SOCKET_SLACK_MILLIS = 100;

  /**
   * WAIT ends this long (or a fifth of what is left, if more) before the request's deadline, so its reply
   * arrives in time even on a busy machine; round trips to ElastiCache in the same region are ~1 ms.
   */
  static final long WAIT_MARGIN_MILLIS = 20;

  private final int timeoutMillis;
  private final int minReplicas;
  private final String key;
  private final String where;
  private final RedisEndpoint endpoint;
  private final RedisWorkers workers;
  private final GroupCommit group;
  private volatile Listener listener = Listener.NONE;

  /**
   * Round trips of increments in flight at once. Each carries every increment that arrived while the others
   * were out (group commit), so two keep Redis busy while one reply travels back, and leave the other
   * connections to readiness checks; redis-benchmark-like overlap needs no more (docs/PERFORMANCE.md).
   */
  static final int INCREMENT_ROUND_TRIPS = 2;

  /**
   * A counter at host:port: up to {@code poolSize} connections (one per worker thread), every
   * increment answered (or refused) within {@code timeoutMillis}; with {@code minReplicas} &gt; 0 a
   * value is served only once that many replicas hold it. A few connections open in the background.
   */
  public RedisCounter(String host, int port, boolean tls, String password, String key,
      int timeoutMillis, int poolSize, int minReplicas) {
    this.key = key;
    this.timeoutMillis = timeoutMillis;
    this.minReplicas = minReplicas;
    this.where = "redis " + host + ":" + port + (tls ? " (tls)" : "") + " key " + key;
    DefaultJedisClientConfig.Builder cfg = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(timeoutMillis)
        .socketTimeoutMillis(timeoutMillis + SOCKET_SLACK_MILLIS)
        .ssl(tls)
        .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
        .clientName("zerodown-agent");
    if (password != null) cfg.password(password);
    String endpointName = "redis " + host + ":" + port + (tls ? " (tls)" : "");
    this.endpoint = new RedisEndpoint(new HostAndPort(host, port), cfg.build(), password, endpointName,
        () -> listener.poolReset());
    this.workers = new RedisWorkers(endpoint, poolSize, endpointName);
    // A batch is capped at poolSize (HTTP_THREADS): there are never more hello.py requests in flight than that.
    this.group = new GroupCommit(LinkSender::new, INCREMENT_ROUND_TRIPS, poolSize, endpointName);
    this.group.observer(new GroupCommit.Observer() {
      @Override
      public void batch(int size, long nanos, boolean failed) {
        Listener l = listener;
        l.command(nanos, failed);
        l.batch(size);
      }

      @Override
      public void skipped(int values) {
        listener.skipped(values);
      }
    });
    workers.warm(Math.min(WARM_CONNECTIONS, poolSize));
  }

  public void listener(Listener l) {
    this.listener = l == null ? Listener.NONE : l;
  }

  /**
   * One increment, shared with the others in flight: one {@code INCRBY n} per round trip (group commit,
   * {@link GroupCommit}), this request's own value out of the batch's range, by its own deadline or 503.
   */
  @Override
  public long increment() throws CounterUnavailableException {
    Deadline deadline = new Deadline(System.nanoTime() + timeoutMillis * 1_000_000L);
    try {
      return group.increment(deadline.atNanos());
    } catch (CounterUnavailableException e) {
      throw new CounterUnavailableException(e.getMessage() + " (key " + key + ", within " + timeoutMillis + " ms)", e.getCause());
    }
  }

  /**
   * A sender thread's own connection (like a worker's in {@link RedisWorkers}): the same classification of
   * failures (a not-primary reply or a connection error resets every connection), the same lifetime.
   */
  private final class LinkSender implements GroupCommit.Sender {
    private final RedisEndpoint.Link link = endpoint.link();

    @Override
    public long incrementBy(int n, long untilNanos) throws CounterUnavailableException {
      Deadline until = new Deadline(untilNanos);
      Connection c;
      try {
        c = link.connection();
      } catch (JedisException e) {
        throw new CounterUnavailableException(endpointWhere() + ": " + endpoint.describe(e), e);
      }
      try {
        return RedisCounter.this.incrementBy(c, until, n);
      } catch (JedisException e) {
        link.failed(e);
        throw new CounterUnavailableException(endpointWhere() + ": " + endpoint.describe(e), e);
      } catch (RuntimeException e) {
        link.close();
        throw new CounterUnavailableException(endpointWhere() + ": " + e, e);
      }
    }

    @Override
    public void idle() {
      link.evict();
    }

    @Override
    public void close() {
      link.close();
    }
  }

  /** {@code INCRBY n}, then WAIT when replicas must confirm it: one WAIT covers the whole batch. */
  private long incrementBy(Connection c, Deadline deadline, int n) {
    c.setSoTimeout((int) deadline.remainingMillis() + SOCKET_SLACK_MILLIS);
    long v = c.executeCommand(new CommandObject<>(new CommandArguments(Protocol.Command.INCRBY).key(key).add(n),
        BuilderFactory.LONG));
    if (minReplicas > 0) {
      // WAIT 0 would block forever: at least 1 ms, and ending a little before the deadline so that its
      // answer ("confirmed by 0") rather than the deadline is what the 503 reports.
      long left = deadline.remainingMillis();
      long waitMillis = Math.max(1, left - Math.max(WAIT_MARGIN_MILLIS, left / 5));
      long acked = c.executeCommand(new CommandObject<>(new CommandArguments(Protocol.Command.WAIT)
          .add(minReplicas).add(waitMillis), BuilderFactory.LONG));
      if (acked < minReplicas) {
        // The key moved but this value is never served: a failover could lose it, and serving it
        // would let the promoted replica hand it out a second time.
        throw new NotConfirmed(v - n + 1, v, acked);
      }
    }
    return v;
  }

  /** Ready when Redis answers PING and ROLE says master, within the timeout; never increments. */
  @Override
  public Optional<String> notReady() {
    try {
      String role = workers.call("PING and ROLE", Deadline.in(timeoutMillis), (c, deadline) -> {
        c.setSoTimeout((int) deadline.remainingMillis() + SOCKET_SLACK_MILLIS);
        c.executeCommand(new CommandObject<>(new CommandArguments(Protocol.Command.PING), BuilderFactory.STRING));
        List<Object> reply = c.executeCommand(new CommandObject<>(new CommandArguments(Protocol.Command.ROLE),
            BuilderFactory.RAW_OBJECT_LIST));
        return !reply.isEmpty() && reply.get(0) instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
      });
      if ("master".equals(role)) return Optional.empty();
      return Optional.of(endpointWhere() + ": ROLE is " + role + ", not master (a replica takes no increments)");
    } catch (CounterUnavailableException e) {
      return Optional.of(e.getMessage() + " (within " + timeoutMillis + " ms)");
    }
  }

  private String endpointWhere() {
    return where.substring(0, where.length() - (" key " + key).length());
  }

  @Override
  public String describe() {
    return where + (minReplicas > 0 ? ", served after WAIT " + minReplicas : "");
  }

  /** Resets of the connections so far (tests). */
  long resets() {
    return endpoint.resets();
  }

  /** Worker threads started so far (tests). */
  int workerThreads() {
    return workers.workers();
  }

  /** Values of failed round trips so far: they may or may not have moved the key (tests, harness bound). */
  long unknownOutcomeValues() {
    return group.unknownOutcomeValues();
  }

  @Override
  public void close() {
    group.close();
    workers.close();
  }

  /** WAIT returned fewer replicas than required: the value is skipped, the request answers 503. */
  static final class NotConfirmed extends redis.clients.jedis.exceptions.JedisDataException {
    private static final long serialVersionUID = 1L;

    NotConfirmed(long first, long last, long acked) {
      super((first == last ? "value " + last : "values " + first + "-" + last) + " confirmed by " + acked
          + " replica(s) within the deadline, not served");
    }
  }
}
