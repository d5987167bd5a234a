package dev.zerodown.agent.web;

import dev.zerodown.agent.metrics.AgentMetrics;
import dev.zerodown.agent.metrics.AgentMetrics.Route;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;

/**
 * Load shedding for {@code GET /cgi-bin/hello.py}. The agent is saturated when more connections with a
 * request ready wait for a worker than {@code minQueued} (twice the workers: more than they can take at
 * once); then a request that itself waited longer than {@code maxWait} in the worker queue
 * ({@link WaitTimingPool}) is answered {@code 503} with {@code Retry-After: 1} at once, without touching
 * Redis. A 503 costs a fraction of a 200, so shedding is what shortens the queue again, and it settles
 * where a request waits about {@code maxWait}: hello.py serves as many 200s as the machine can within
 * that latency and sheds only the rest. A request that did not wait that long is served to the end, and
 * so is every request while the queue is short, however slow the machine (a busy CPU delays a worker's
 * start too, but a few connections are no overload). Other paths and methods are never shed: they are
 * cheap and do not touch Redis (ping.py, the health check, also has a listener of its own).
 *
 * <p>Each shed request counts in {@code zerodown.http.shed} and, like every response, in
 * {@code zerodown.http.requests} (route hello, status 503).
 */
final class LoadShedder extends Handler.Wrapper {
  /** Long enough for a client's retry to meet a drained queue; short enough to come back soon. */
  static final String RETRY_AFTER_SECONDS = "1";

  private final LongSupplier waited;
  private final IntSupplier queued;
  private final long maxWaitNanos;
  private final int minQueued;
  private final AgentMetrics metrics;

  /**
   * {@code waited}: nanoseconds the request about to be served waited for a worker (read once per request);
   * {@code queued}: jobs waiting for a worker now.
   */
  LoadShedder(LongSupplier waited, IntSupplier queued, Duration maxWait, int minQueued, AgentMetrics metrics) {
    this.waited = waited;
    this.queued = queued;
    this.maxWaitNanos = maxWait.toNanos();
    this.minQueued = minQueued;
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (waited.getAsLong() <= maxWaitNanos || queued.getAsInt() <= minQueued || !HttpMethod.GET.is(request.getMethod())
        || !AgentServer.HELLO.equals(request.getHttpURI().getPath())) {
      return super.handle(request, response, callback);
    }
    response.setStatus(HttpStatus.SERVICE_UNAVAILABLE_503);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Pages.HTML);
    response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_SECONDS);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Pages.OVERLOADED.length);
    response.write(true, ByteBuffer.wrap(Pages.OVERLOADED).asReadOnlyBuffer(), callback);
    metrics.shed(Route.HELLO);
    metrics.httpRequest(Route.HELLO, HttpStatus.SERVICE_UNAVAILABLE_503, NanoTime.since(request.getBeginNanoTime()));
    return true;
  }
}
