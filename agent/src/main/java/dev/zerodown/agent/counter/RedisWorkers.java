package dev.zerodown.agent.counter;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Runs Redis calls on a bounded set of threads, each owning one {@link RedisEndpoint.Link}, and
 * enforces the caller's deadline outside Jedis: the caller waits for the answer at most until its
 * deadline, whatever Jedis is doing (a DNS lookup, a connect, a TLS handshake, a read from a paused
 * server). Jedis's own timeouts only bound how long a worker stays busy.
 *
 * <p>Threads stay bounded: at most {@code workers} workers, at most {@code workers} calls waiting,
 * and a call whose caller gave up before a worker took it is skipped, never sent.
 */
final class RedisWorkers implements AutoCloseable {
  /** A call made with the link's live connection; any JedisException is the link's to classify. */
  @FunctionalInterface
  interface Call<T> {
    T run(Connection connection, Deadline deadline);
  }

  private static final Logger LOG = LoggerFactory.getLogger(RedisWorkers.class);
  /** How often an idle worker drops a connection that a reset condemned or that is past its lifetime. */
  static final long EVICTION_PERIOD_MILLIS = 5000;

  private final RedisEndpoint endpoint;
  private final int maxWorkers;
  private final String where;
  private final BlockingQueue<Task<?>> queue;
  private final AtomicInteger workers = new AtomicInteger();
  private final AtomicInteger idle = new AtomicInteger();
  private final java.util.Queue<Thread> threads = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private volatile boolean closed;
  private final AtomicBoolean warmLogged = new AtomicBoolean();

  RedisWorkers(RedisEndpoint endpoint, int maxWorkers, String where) {
    this.endpoint = endpoint;
    this.maxWorkers = maxWorkers;
    this.where = where;
    this.queue = new ArrayBlockingQueue<>(maxWorkers);
  }

  /** Starts {@code n} workers that connect at once (start-up warm-up); returns without waiting. */
  void warm(int n) {
    for (int i = 0; i < n; i++) {
      if (!startWorker(true)) return;
    }
  }

  /** Runs {@code call} on a worker; answers by {@code deadline} or throws. */
  <T> T call(String what, Deadline deadline, Call<T> call) throws CounterUnavailableException {
    if (closed) throw new CounterUnavailableException(where + ": closed", null);
    Task<T> task = new Task<>(call, deadline);
    if (!queue.offer(task)) {
      throw new CounterUnavailableException(where + ": " + maxWorkers + " calls already waiting for Redis", null);
    }
    if (idle.get() == 0) startWorker(false);
    try {
      return task.result.get(Math.max(0, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      task.abandon();
      throw new CounterUnavailableException(where + ": no answer to " + what + " in time", null);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof CounterUnavailableException u) throw new CounterUnavailableException(u.getMessage(), u.getCause());
      throw new CounterUnavailableException(where + ": " + endpoint.describe(c), c);
    } catch (CancellationException e) {
      throw new CounterUnavailableException(where + ": closed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      task.abandon();
      throw new CounterUnavailableException(where + ": interrupted", e);
    }
  }

  private boolean startWorker(boolean connectNow) {
    int n;
    do {
      n = workers.get();
      if (n >= maxWorkers) return false;
    } while (!workers.compareAndSet(n, n + 1));
    Thread t = new Thread(() -> work(connectNow), "redis-" + (n + 1));
    t.setDaemon(true);
    threads.add(t);
    t.start();
    return true;
  }

  private void work(boolean connectNow) {
    RedisEndpoint.Link link = endpoint.link();
    try {
      if (connectNow) {
        try {
          link.connection();
          if (warmLogged.compareAndSet(false, true)) LOG.info("{}: reachable", where);
        } catch (JedisException notYet) {
          // the first call tries again
          if (warmLogged.compareAndSet(false, true)) {
            LOG.warn("{}: not reachable yet ({}); hello.py answers 503 until it is", where, endpoint.describe(notYet));
          }
        }
      }
      while (!closed) {
        idle.incrementAndGet();
        Task<?> task;
        try {
          task = queue.poll(EVICTION_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          return;
        } finally {
          idle.decrementAndGet();
        }
        if (task == null) {
          link.evict();
        } else {
          task.runOn(link);
        }
      }
    } finally {
      link.close();
    }
  }

  @Override
  public void close() {
    closed = true;
    Task<?> t;
    while ((t = queue.poll()) != null) t.result.cancel(false);
    threads.forEach(Thread::interrupt);
  }

  /** Worker threads started so far (tests: they stay bounded). */
  int workers() {
    return workers.get();
  }

  /** One call: runs once on a worker unless its caller gave up first. */
  private final class Task<T> {
    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int ABANDONED = 2;

    final Call<T> call;
    final Deadline deadline;
    final CompletableFuture<T> result = new CompletableFuture<>();
    private final AtomicInteger state = new AtomicInteger(NEW);

    Task(Call<T> call, Deadline deadline) {
      this.call = call;
      this.deadline = deadline;
    }

    void abandon() {
      state.compareAndSet(NEW, ABANDONED);
    }

    void runOn(RedisEndpoint.Link link) {
      if (deadline.passed() || !state.compareAndSet(NEW, RUNNING)) return;
      Connection c;
      try {
        c = link.connection();
      } catch (JedisException e) {
        result.completeExceptionally(e);
        return;
      }
      try {
        result.complete(call.run(c, deadline));
      } catch (JedisException e) {
        link.failed(e);
        result.completeExceptionally(e);
      } catch (RuntimeException e) {
        link.close();
        result.completeExceptionally(e);
      }
    }
  }
}
