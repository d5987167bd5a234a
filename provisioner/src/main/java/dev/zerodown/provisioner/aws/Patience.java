package dev.zerodown.provisioner.aws;

import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Retries one read of a poll loop while AWS is busy or unreachable: a throttling error, an HTTP 5xx or a network
 * error (after the SDK's own retries) is retried with growing waits, never reported as the stack's failure.
 * When such errors have lasted the pacing's patience, the verb ends with exit 3 ({@link AwsFailures#unavailable}).
 * Any other failure is thrown at once.
 */
public final class Patience {
  private final AwsPacing pacing;

  public Patience(AwsPacing pacing) {
    this.pacing = pacing;
  }

  public <T> T call(Supplier<T> read) {
    long firstFailure = 0;
    Duration wait = pacing.firstWait();
    while (true) {
      try {
        return read.get();
      } catch (SdkException e) {
        if (!AwsFailures.isTransient(e)) throw e;
        long now = System.nanoTime();
        if (firstFailure == 0) firstFailure = now;
        Duration failingFor = Duration.ofNanos(now - firstFailure);
        if (failingFor.compareTo(pacing.patience()) >= 0) throw AwsFailures.unavailable(e, pacing.patience());
        Duration left = pacing.patience().minus(failingFor);
        sleep(wait.compareTo(left) < 0 ? wait : left);
        wait = wait.multipliedBy(2).compareTo(pacing.maxWait()) < 0 ? wait.multipliedBy(2) : pacing.maxWait();
      }
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(Math.max(1, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException(ExitCode.INTERRUPTED, "interrupted");
    }
  }
}
