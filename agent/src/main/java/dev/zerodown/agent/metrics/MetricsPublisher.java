package dev.zerodown.agent.metrics;

import dev.zerodown.agent.config.Config;
import dev.zerodown.agent.instance.InstanceIdentity;
import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * Starts CloudWatch publishing off the start-up path: decides whether it is on (METRICS_ENABLED, or a
 * known region), builds the registry and binds the JVM meters, all on a background thread.
 */
public final class MetricsPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsPublisher.class);

  private final Config config;
  private final InstanceIdentity identity;
  private final AgentMetrics metrics;
  private volatile CloudWatchMeterRegistry cloudWatch;
  private volatile CloudWatchClient client;
  private Thread starter;

  public MetricsPublisher(Config config, InstanceIdentity identity, AgentMetrics metrics) {
    this.config = config;
    this.identity = identity;
    this.metrics = metrics;
  }

  public synchronized void startInBackground() {
    if (config.metrics().equals(Optional.of(false))) {
      LOG.info("metrics: off (METRICS_ENABLED=false)");
      return;
    }
    starter = new Thread(this::startNow, "metrics-start");
    starter.setDaemon(true);
    starter.start();
  }

  private void startNow() {
    try {
      Optional<String> region = config.region();
      if (region.isEmpty()) {
        // IMDS may know the region (on EC2 without AWS_REGION); the lookup is bounded.
        region = identity.facts().get(10, TimeUnit.SECONDS).region();
      }
      if (region.isEmpty()) {
        if (config.metrics().isPresent()) {
          LOG.warn("metrics: METRICS_ENABLED=true but no AWS region is known: set AWS_REGION; not publishing");
        } else {
          LOG.info("metrics: off (no AWS region known; set AWS_REGION or METRICS_ENABLED)");
        }
        return;
      }
      CloudWatchClient cw = CloudWatchClient.builder()
          .region(Region.of(region.get()))
          .httpClient(UrlConnectionHttpClient.builder()
              .connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(10)).build())
          .build();
      CloudWatchConfig cwConfig = new CloudWatchConfig() {
        @Override
        public String get(String key) {
          return null;
        }

        @Override
        public String namespace() {
          return config.metricsNamespace();
        }

        @Override
        public Duration step() {
          return Duration.ofSeconds(config.metricsStepSeconds());
        }
      };
      CloudWatchMeterRegistry registry = new CloudWatchMeterRegistry(cwConfig, Clock.SYSTEM,
          new SyncCloudWatchAsyncClient(cw));
      // Few series: drop per-pool, per-cause and per-state tags (each combination is a billed metric).
      registry.config()
          .meterFilter(MeterFilter.ignoreTags("cause", "action", "gc", "id"))
          .meterFilter(MeterFilter.denyNameStartsWith("jvm.threads.states"))
          .meterFilter(MeterFilter.denyNameStartsWith("jvm.gc.memory"))
          .meterFilter(MeterFilter.denyNameStartsWith("jvm.gc.max"))
          .meterFilter(MeterFilter.denyNameStartsWith("jvm.gc.live"));
      synchronized (this) {
        client = cw;
        cloudWatch = registry;
      }
      metrics.recordTo(registry);
      new JvmMemory().bindTo(registry);
      new JvmGcMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      LOG.info("metrics: publishing to CloudWatch namespace {} in {} every {} s", config.metricsNamespace(),
          region.get(), config.metricsStepSeconds());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("metrics: could not start publishing: {}", e.toString());
    }
  }

  /** Publishes what the last step collected, then stops. */
  public synchronized void close() {
    if (cloudWatch != null) cloudWatch.close();
    if (client != null) client.close();
    cloudWatch = null;
    client = null;
  }
}
