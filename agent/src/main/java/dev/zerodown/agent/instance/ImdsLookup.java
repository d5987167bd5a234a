package dev.zerodown.agent.instance;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.imds.Ec2MetadataClient;

/**
 * Asks IMDSv2 (token PUT, then GETs with the token) for the instance id and region, through the
 * SDK's {@link Ec2MetadataClient}; honours {@code AWS_EC2_METADATA_SERVICE_ENDPOINT}. Bounded: short
 * timeouts and few retries, so off EC2 it gives up within about two seconds.
 */
public final class ImdsLookup {
  private static final Logger LOG = LoggerFactory.getLogger(ImdsLookup.class);

  /** What IMDS said. */
  public record Answer(String instanceId, Optional<String> region) {}

  private final Optional<URI> endpoint;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final int retries;

  /**
   * A lookup against {@code endpoint}, or, when empty, wherever the SDK's settings point
   * ({@code AWS_EC2_METADATA_SERVICE_ENDPOINT}, else the link-local address).
   */
  public ImdsLookup(Optional<URI> endpoint, Duration connectTimeout, Duration readTimeout, int retries) {
    this.endpoint = endpoint;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.retries = retries;
  }

  /** The defaults: the SDK's endpoint, 250 ms to connect, 500 ms to read, 2 retries 100 ms apart. */
  public static ImdsLookup standard() {
    return new ImdsLookup(Optional.empty(), Duration.ofMillis(250), Duration.ofMillis(500), 2);
  }

  /** The instance id and region, or empty when IMDS does not answer within the budget. */
  public Optional<Answer> fetch() {
    Ec2MetadataClient.Builder builder = Ec2MetadataClient.builder()
        .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(connectTimeout).socketTimeout(readTimeout))
        .retryPolicy(r -> r.numRetries(retries).backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(100))))
        .tokenTtl(Duration.ofHours(6));
    endpoint.ifPresent(builder::endpoint);
    try (Ec2MetadataClient client = builder.build()) {
      String id = client.get("/latest/meta-data/instance-id").asString().trim();
      if (id.isEmpty()) return Optional.empty();
      Optional<String> region;
      try {
        region = Optional.of(client.get("/latest/meta-data/placement/region").asString().trim()).filter(s -> !s.isEmpty());
      } catch (RuntimeException e) {
        LOG.debug("IMDS region lookup failed", e);
        region = Optional.empty();
      }
      return Optional.of(new Answer(id, region));
    } catch (RuntimeException e) {
      LOG.debug("IMDS lookup failed", e);
      return Optional.empty();
    }
  }
}
