package dev.zerodown.provisioner.aws;

import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * How AWS calls ride out a busy account, on two levels. Every client retries each call with the SDK's standard
 * retry strategy, given more attempts than its default 3 ({@link #retryStrategy()}). Above that, a poll loop
 * retries a whole failed read ({@link Patience}) through throttling, 5xx and network errors until they have
 * lasted {@link #patience()}; only then does the verb end, with exit 3.
 *
 * @param maxAttempts attempts per SDK call, the first included
 * @param baseDelay the SDK's first backoff after a transient (non-throttling) error, doubled per retry
 * @param throttledBaseDelay the SDK's first backoff after a throttling error, doubled per retry
 * @param maxBackoff the SDK's longest single backoff
 * @param firstWait the poll loop's first wait after a failed read, doubled per failure
 * @param maxWait the poll loop's longest wait between two reads
 * @param patience how long reads may keep failing before the verb gives up
 */
public record AwsPacing(int maxAttempts, Duration baseDelay, Duration throttledBaseDelay, Duration maxBackoff,
    Duration firstWait, Duration maxWait, Duration patience) {

  /**
   * 8 attempts: with the throttled base delay of 1 s doubled up to the 20 s cap, the 7 retries may wait up to
   * 1+2+4+8+16+20+20 = 71 s (about half that on average, the SDK's jitter being full), so one call rides out about
   * a minute of throttling; the SDK's retry quota still stops retries early when most calls fail.
   */
  static final int MAX_ATTEMPTS = 8;

  /**
   * The pacing for polls {@code poll} apart. With the real 2 s poll the SDK delays are exactly the standard
   * strategy's own (100 ms, 1 s when throttled, 20 s cap) and a poll loop waits 2 s, 4 s, … up to 32 s between
   * failed reads; tests poll every 20 ms and so retry 100 times faster on the same schedule.
   */
  public static AwsPacing of(Duration poll, Duration patience) {
    return new AwsPacing(MAX_ATTEMPTS, poll.dividedBy(20), poll.dividedBy(2), poll.multipliedBy(10),
        poll, poll.multipliedBy(16), patience);
  }

  /** The real pacing: 2 s polls, 2 minutes of patience. */
  public static AwsPacing standard() {
    return of(Duration.ofSeconds(2), Duration.ofMinutes(2));
  }

  /** A new SDK retry strategy (one per client: each keeps its own retry quota): standard mode, more attempts. */
  public RetryStrategy retryStrategy() {
    return AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .maxAttempts(maxAttempts)
        .backoffStrategy(BackoffStrategy.exponentialDelay(baseDelay, maxBackoff))
        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(throttledBaseDelay, maxBackoff))
        .build();
  }
}
