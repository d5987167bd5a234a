package dev.zerodown.provisioner.host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the process has started that goes on without it (a stack operation, a rollout), for the line an interrupt
 * (Ctrl-C) prints: every operation still running, not only the last one started. Also whether the work is done and
 * only its result remains to be printed, so an interrupt then lets the result out first.
 */
public final class InFlight {
  private final Map<String, String> running = new LinkedHashMap<>();
  private final CountDownLatch finished = new CountDownLatch(1);
  private boolean finishing;
  private volatile boolean interruptOwned;

  /** {@code key} (a stack name) started; {@code description} says what goes on, e.g. "zerodown-dev-web is being created". */
  public synchronized void start(String key, String description) {
    running.put(key, description);
  }

  /** {@code key}'s operation is over (or no longer followed). */
  public synchronized void end(String key) {
    running.remove(key);
  }

  /** What is running now, in the order it started. */
  public synchronized List<String> running() {
    return new ArrayList<>(running.values());
  }

  /** Every operation has finished; what is left is printing the result. */
  public synchronized void finishing() {
    finishing = true;
  }

  public synchronized boolean isFinishing() {
    return finishing;
  }

  /**
   * The running command handles an interrupt itself and ends with its own line (`logs --follow`: "stopped following
   * …"): nothing to resume, so no interrupted line after it.
   */
  public void ownInterrupt() {
    interruptOwned = true;
  }

  public boolean interruptOwned() {
    return interruptOwned;
  }

  /** The command returned (its result is printed). */
  public void finished() {
    finished.countDown();
  }

  /** Waits until the command returned, at most {@code timeout}; true when it did. */
  public boolean awaitFinished(Duration timeout) {
    try {
      return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * The line an interrupt ends the output with: every operation still running and how to resume, or, with nothing
   * running, that nothing goes on without us.
   */
  public String interruptedLine() {
    List<String> now = running();
    if (now.isEmpty() && isFinishing()) {
      return "interrupted: every stack operation had finished (the result is above); nothing is left running.";
    }
    if (now.isEmpty()) {
      return "interrupted: no stack operation was running; run the same command again to continue, or `status` to look.";
    }
    String what = now.size() == 1 ? now.get(0)
        : String.join(", ", now.subList(0, now.size() - 1)) + " and " + now.get(now.size() - 1);
    return "interrupted: " + what + "; CloudFormation keeps working on " + (now.size() == 1 ? "it" : "them")
        + ". Run the same command again to resume (it waits for the running operation" + (now.size() == 1 ? "" : "s")
        + "), or `status` to look.";
  }
}
