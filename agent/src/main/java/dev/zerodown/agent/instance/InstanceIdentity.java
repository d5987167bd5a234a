package dev.zerodown.agent.instance;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance id shown on the hello page: {@code INSTANCE_ID} as is, otherwise IMDSv2 asked once in
 * the background, otherwise the host name. Resolved once, then cached.
 */
public final class InstanceIdentity {
  private static final Logger LOG = LoggerFactory.getLogger(InstanceIdentity.class);

  /** What the background lookup found. {@code region} is known only when IMDS answered. */
  public record Facts(String instanceId, Optional<String> region, Source source) {}

  /** Where the instance id came from. */
  public enum Source { ENV, IMDS, HOSTNAME }

  private final CompletableFuture<Facts> facts;
  private final Thread lookup;

  private InstanceIdentity(CompletableFuture<Facts> facts, Thread lookup) {
    this.facts = facts;
    this.lookup = lookup;
  }

  /** An identity known up front (INSTANCE_ID set): IMDS is never asked. */
  public static InstanceIdentity fixed(String instanceId) {
    return new InstanceIdentity(CompletableFuture.completedFuture(new Facts(instanceId, Optional.empty(), Source.ENV)), null);
  }

  /**
   * An identity that asks IMDS on a daemon thread once {@link #start()} is called, falling back to the
   * host name when IMDS does not answer.
   */
  public static InstanceIdentity lookup(ImdsLookup imds) {
    CompletableFuture<Facts> f = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        Optional<ImdsLookup.Answer> answer = imds.fetch();
        if (answer.isPresent()) {
          LOG.info("instance id {} from IMDSv2 (region {})", answer.get().instanceId(),
              answer.get().region().orElse("unknown"));
          f.complete(new Facts(answer.get().instanceId(), answer.get().region(), Source.IMDS));
        } else {
          String host = HostName.get();
          LOG.info("instance metadata (IMDSv2) did not answer: not on EC2? showing host name {} as the instance id "
              + "(set INSTANCE_ID to choose it)", host);
          f.complete(new Facts(host, Optional.empty(), Source.HOSTNAME));
        }
      } catch (Throwable e) {
        String host = HostName.get();
        LOG.warn("instance id lookup failed ({}); showing host name {}", e.toString(), host);
        f.complete(new Facts(host, Optional.empty(), Source.HOSTNAME));
      }
    }, "instance-id");
    t.setDaemon(true);
    return new InstanceIdentity(f, t);
  }

  /** Starts the background lookup (after the server listens, so it does not slow the first ping). */
  public synchronized void start() {
    if (lookup != null && lookup.getState() == Thread.State.NEW) lookup.start();
  }

  /** The instance id, waiting at most {@code maxWaitMillis} for the lookup; the host name if it is not done. */
  public String instanceId(long maxWaitMillis) {
    Facts now = facts.getNow(null);
    if (now != null) return now.instanceId();
    try {
      return facts.get(maxWaitMillis, TimeUnit.MILLISECONDS).instanceId();
    } catch (TimeoutException | ExecutionException e) {
      return HostName.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HostName.get();
    }
  }

  /** Completes when the lookup is done. */
  public CompletableFuture<Facts> facts() {
    return facts;
  }
}
