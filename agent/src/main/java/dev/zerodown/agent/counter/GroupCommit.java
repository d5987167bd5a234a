package dev.zerodown.agent.counter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit for the counter: increments that arrive while a round trip is in flight wait in a queue,
 * and the next free sender takes all of them (up to {@code maxBatch}) as one {@code INCRBY n}. The reply
 * {@code v} gives the batch the values {@code v-n+1 … v}, one per request, in queue order.
 *
 * <p>The rules, each kept by construction here:
 * <ul>
 *   <li>No value is served twice: a value goes to at most one request, and only through {@link Ticket#serve}.
 *   <li>A batch is never retried: a failed round trip fails every request in it (503).
 *   <li>The key moves by the values served, plus the values of requests that gave up after their batch was
 *       sent (skipped, never served), plus at most the sizes of batches whose outcome is unknown (a timeout or
 *       reset after {@code INCRBY} was sent). A request that gave up before a sender took it moves nothing.
 *   <li>A request waits at most until its own deadline, whatever the round trip does (the wait is here, not
 *       in Jedis); past it, it answers 503 and its value, if one comes, is skipped.
 *   <li>No lock is held across a round trip: the queue is the only shared state.
 * </ul>
 *
 * <p>{@link RedisCounter} uses it with {@code INCREMENT_ROUND_TRIPS} senders, each owning one connection as
 * the Redis workers do ({@code INCRBY n}, then one WAIT for the whole batch with COUNTER_MIN_REPLICAS).
 */
final class GroupCommit implements AutoCloseable {
  /**
   * One round trip: {@code INCRBY n} answered by {@code until}; returns the new value. Each sender thread
   * gets its own Sender (and so its own connection), used by that thread only.
   */
  @FunctionalInterface
  interface Sender {
    long incrementBy(int n, long untilNanos) throws CounterUnavailableException;

    /** Called when no increment came for {@link #IDLE_MILLIS} (drop a connection past its lifetime). */
    default void idle() {}

    /** Called once when the sender thread ends. */
    default void close() {}
  }

  /** How long a sender waits for an increment before it calls {@link Sender#idle()}. */
  static final long IDLE_MILLIS = 5000;

  /** Observes each batch (metrics): its size, the round trip's latency, and whether it failed. */
  interface Observer {
    void batch(int size, long nanos, boolean failed);

    /** A value the key consumed that no request was served (its request gave up first). */
    default void skipped(int values) {}

    Observer NONE = (size, nanos, failed) -> {};
  }

  private final java.util.function.Supplier<Sender> newSender;
  private final int maxBatch;
  private final String where;
  private final BlockingQueue<Ticket> queue;
  private final List<Thread> senders = new ArrayList<>();
  private final AtomicLong unknownOutcome = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private volatile Observer observer = Observer.NONE;
  private volatile boolean closed;

  /**
   * @param senders  round trips in flight at once, each on its own thread (and so its own connection)
   * @param maxBatch most requests in one {@code INCRBY}; also how many may wait for a sender
   */
  GroupCommit(java.util.function.Supplier<Sender> newSender, int senders, int maxBatch, String where) {
    if (senders < 1 || maxBatch < 1) throw new IllegalArgumentException("senders and maxBatch must be >= 1");
    this.newSender = newSender;
    this.maxBatch = maxBatch;
    this.where = where;
    // Room for one full batch per sender: more requests than that cannot all be in the next round trips,
    // and the HTTP pool (whose size maxBatch is) bounds how many callers there are anyway.
    this.queue = new ArrayBlockingQueue<>(maxBatch * senders);
    for (int i = 0; i < senders; i++) {
      Thread t = new Thread(this::send, "redis-batch-" + (i + 1));
      t.setDaemon(true);
      this.senders.add(t);
    }
    this.senders.forEach(Thread::start);
  }

  void observer(Observer o) {
    this.observer = o == null ? Observer.NONE : o;
  }

  /** One increment, answered by {@code deadlineNanos} (a {@link System#nanoTime()} value) or refused. */
  long increment(long deadlineNanos) throws CounterUnavailableException {
    if (closed) throw new CounterUnavailableException(where + ": closed", null);
    Ticket t = new Ticket(deadlineNanos);
    if (!queue.offer(t)) {
      throw new CounterUnavailableException(where + ": " + queue.size() + " increments already waiting for Redis", null);
    }
    try {
      return t.value.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      if (t.giveUp()) throw new CounterUnavailableException(where + ": no answer to INCRBY in time", null);
      return t.served();  // the value was handed over as the deadline passed: it is this request's
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof CounterUnavailableException u) throw new CounterUnavailableException(u.getMessage(), u.getCause());
      throw new CounterUnavailableException(where + ": " + c, c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (t.giveUp()) throw new CounterUnavailableException(where + ": interrupted", e);
      return t.served();
    }
  }

  private void send() {
    Sender sender = newSender.get();
    try {
      send(sender);
    } finally {
      sender.close();
    }
  }

  private void send(Sender sender) {
    List<Ticket> drained = new ArrayList<>(maxBatch);
    List<Ticket> batch = new ArrayList<>(maxBatch);
    while (!closed) {
      Ticket first;
      try {
        first = queue.poll(IDLE_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (first == null) {
        sender.idle();
        continue;
      }
      drained.clear();
      batch.clear();
      drained.add(first);
      queue.drainTo(drained, maxBatch - 1);
      long until = 0;
      for (Ticket t : drained) {
        // A request past its deadline, or whose caller left, is not sent: no value is spent on it.
        if (t.take()) {
          // the round trip may last until the latest deadline in the batch (nanoTime values: compare by difference)
          if (batch.isEmpty() || t.deadlineNanos - until > 0) until = t.deadlineNanos;
          batch.add(t);
        }
      }
      if (batch.isEmpty()) continue;
      int n = batch.size();
      long t0 = System.nanoTime();
      long v;
      try {
        v = sender.incrementBy(n, until);
      } catch (CounterUnavailableException | RuntimeException e) {
        // Never retried: the key may have moved by n (unknown outcome), and a retry could move it twice.
        unknownOutcome.addAndGet(n);
        observer.batch(n, System.nanoTime() - t0, true);
        CounterUnavailableException failure = e instanceof CounterUnavailableException u ? u
            : new CounterUnavailableException(where + ": " + e, e);
        for (Ticket t : batch) t.value.completeExceptionally(failure);
        continue;
      }
      observer.batch(n, System.nanoTime() - t0, false);
      int lost = 0;
      for (int i = 0; i < n; i++) {
        if (!batch.get(i).serve(v - n + 1 + i)) lost++;
      }
      if (lost > 0) {
        skipped.addAndGet(lost);
        observer.skipped(lost);
      }
    }
  }

  /** Requests waiting for a sender (tests). */
  int waiting() {
    return queue.size();
  }

  /** Values of batches whose round trip failed, so far (they may or may not have moved the key). */
  long unknownOutcomeValues() {
    return unknownOutcome.get();
  }

  /** Values the key consumed whose request had given up, so far (never served). */
  long skippedValues() {
    return skipped.get();
  }

  @Override
  public void close() {
    closed = true;
    senders.forEach(Thread::interrupt);
    Ticket t;
    while ((t = queue.poll()) != null) t.value.completeExceptionally(new CounterUnavailableException(where + ": closed", null));
  }

  /** One request's place in a batch; its state decides who owns its value. */
  private static final class Ticket {
    private static final int WAITING = 0;
    private static final int IN_BATCH = 1;
    private static final int SERVED = 2;
    private static final int GAVE_UP = 3;

    final long deadlineNanos;
    final CompletableFuture<Long> value = new CompletableFuture<>();
    private final AtomicInteger state = new AtomicInteger(WAITING);
    private volatile long served;

    Ticket(long deadlineNanos) {
      this.deadlineNanos = deadlineNanos;
    }

    /** Sender: puts it in the batch unless its caller left or its deadline passed. */
    boolean take() {
      if (deadlineNanos - System.nanoTime() <= 0) {
        state.compareAndSet(WAITING, GAVE_UP);
        return false;
      }
      return state.compareAndSet(WAITING, IN_BATCH);
    }

    /** Sender: hands {@code v} over, unless the caller gave up (then {@code v} is skipped). */
    boolean serve(long v) {
      served = v;
      if (!state.compareAndSet(IN_BATCH, SERVED)) return false;
      value.complete(v);
      return true;
    }

    /** Caller, at its deadline: true when it leaves without a value; false when the value is its already. */
    boolean giveUp() {
      return state.compareAndSet(WAITING, GAVE_UP) || state.compareAndSet(IN_BATCH, GAVE_UP)
          || state.get() != SERVED;
    }

    long served() {
      return served;
    }
  }
}
