package dev.zerodown.agent.metrics;

import dev.zerodown.agent.log.LogLimiter;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataResponse;

/**
 * The one call Micrometer's CloudWatch registry makes (PutMetricData), answered by the synchronous
 * client on the URL-connection HTTP client, so the agent carries no Netty. The registry calls it
 * from its own publishing thread. A failed publish is logged here, rate-limited, and never thrown.
 */
final class SyncCloudWatchAsyncClient implements CloudWatchAsyncClient {
  private static final Logger LOG = LoggerFactory.getLogger(SyncCloudWatchAsyncClient.class);
  private static final LogLimiter FAILURES = new LogLimiter(600_000);

  private final CloudWatchClient delegate;

  SyncCloudWatchAsyncClient(CloudWatchClient delegate) {
    this.delegate = delegate;
  }

  @Override
  public CompletableFuture<PutMetricDataResponse> putMetricData(PutMetricDataRequest request) {
    try {
      return CompletableFuture.completedFuture(delegate.putMetricData(request));
    } catch (RuntimeException e) {
      FAILURES.warn(LOG, "metrics: publishing to CloudWatch failed (serving is not affected): {}", e.toString());
      return CompletableFuture.completedFuture(PutMetricDataResponse.builder().build());
    }
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {
    delegate.close();
  }
}
