package dev.zerodown.agent.web;

import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty's worker pool, remembering how long each job waited in its queue for a thread. A job is, for the
 * most part, a connection whose request is ready to read; the thread that runs it parses and serves that
 * request, so {@link #takeWait()} tells the load shedder how long the request it is about to serve has
 * waited. Jobs run without queueing (an idle or reserved thread) report no wait.
 */
final class WaitTimingPool extends QueuedThreadPool {
  private static final ThreadLocal<long[]> WAIT = ThreadLocal.withInitial(() -> new long[1]);

  WaitTimingPool(int maxThreads, int minThreads, int idleTimeoutMillis) {
    super(maxThreads, minThreads, idleTimeoutMillis);
  }

  @Override
  public void execute(Runnable job) {
    super.execute(new Timed(job, System.nanoTime()));
  }

  /**
   * Nanoseconds the job this thread runs waited in the queue, once: a second request served by the same
   * job (keep-alive bytes already read) did not wait, and reads 0.
   */
  static long takeWait() {
    long[] w = WAIT.get();
    long v = w[0];
    w[0] = 0;
    return v;
  }

  /** A job and when it was queued; keeps the job's invocation type, which Jetty's strategies look at. */
  private record Timed(Runnable job, long queuedAt) implements Runnable, Invocable {
    @Override
    public void run() {
      long[] w = WAIT.get();
      w[0] = System.nanoTime() - queuedAt;
      try {
        job.run();
      } finally {
        w[0] = 0;
      }
    }

    @Override
    public InvocationType getInvocationType() {
      return Invocable.getInvocationType(job);
    }

    @Override
    public String toString() {
      return job.toString();
    }
  }
}
