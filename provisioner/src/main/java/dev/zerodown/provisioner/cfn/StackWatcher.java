package dev.zerodown.provisioner.cfn;

import dev.zerodown.provisioner.aws.AwsPacing;
import dev.zerodown.provisioner.aws.Patience;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;

/** Follows one stack operation until it settles, feeding its events to the progress display. */
public final class StackWatcher {
  private final CloudFormationGateway gateway;
  private final Progress progress;
  private final Duration poll;
  private final Patience patience;
  /** Polls to wait for an operation to show before trusting a settled status. */
  private static final int START_POLLS = 10;

  public StackWatcher(CloudFormationGateway gateway, Progress progress, Duration poll) {
    this(gateway, progress, poll, new Patience(AwsPacing.standard()));
  }

  /** {@code patience} retries each poll's reads while AWS throttles, fails with 5xx or is out of reach. */
  public StackWatcher(CloudFormationGateway gateway, Progress progress, Duration poll, Patience patience) {
    this.gateway = gateway;
    this.progress = progress;
    this.poll = poll;
    this.patience = patience;
  }

  /** One read of a poll loop, retried like the watcher's own while AWS is unavailable. */
  public <T> T read(Supplier<T> call) {
    return patience.call(call);
  }

  /**
   * Polls events and status of {@code idOrName} (shown as {@code stack}) until the status no longer ends
   * in _IN_PROGRESS. Events up to {@code lastSeenEventId} are not shown again. Past {@code timeout} it
   * fails with {@link ExitCode#STACK_BUSY}.
   */
  public StackResult watch(String stack, String idOrName, String lastSeenEventId, String operation, int total,
      Duration timeout) {
    return watch(stack, idOrName, lastSeenEventId, operation, total, timeout, null);
  }

  /**
   * As above, for an operation started with ClientRequestToken {@code token}: its events carry the token, so the
   * first one shows the operation has started (a settled status before that is the previous operation's).
   */
  public StackResult watch(String stack, String idOrName, String lastSeenEventId, String operation, int total,
      Duration timeout, String token) {
    long deadline = System.nanoTime() + timeout.toNanos();
    progress.begin(stack, operation, total);
    String lastSeen = lastSeenEventId;
    Map<String, String> latest = new HashMap<>();
    List<StackEvent> failures = new ArrayList<>();
    // Right after an operation starts, DescribeStacks may still report the previous settled status:
    // settle only once the operation shows (a new event, or an _IN_PROGRESS status), or after a few polls.
    boolean started = operation.equals("wait");
    int polls = 0;
    int ownEvents = 0;
    while (true) {
      for (StackEvent e : events(idOrName, lastSeen)) {
        started = true;
        if (token != null && token.equals(e.token())) ownEvents++;
        lastSeen = e.id();
        if (!e.isStackEvent()) latest.put(e.logicalId(), e.status());
        if (e.isFailure()) failures.add(e);
        progress.event(e, done(latest));
      }
      Optional<StackInfo> info = patience.call(() -> gateway.describe(idOrName));
      String status = info.map(StackInfo::status).orElse("DELETE_COMPLETE");
      if (status.endsWith("_IN_PROGRESS") && !status.equals("REVIEW_IN_PROGRESS")) started = true;
      boolean settled = !status.endsWith("_IN_PROGRESS") || status.equals("REVIEW_IN_PROGRESS") && !operation.equals("create");
      if (settled && (started || info.isEmpty() || ++polls >= START_POLLS)) {
        for (StackEvent e : events(idOrName, lastSeen)) {
          if (e.isFailure()) failures.add(e);
          progress.event(e, done(latest));
        }
        if (token != null && ownEvents == 0 && info.isPresent()) {
          progress.detail(stack + ": no event carried this run's token " + token + " (an emulator, or another operation)");
        }
        progress.end(stack, status, done(latest));
        return new StackResult(stack, status, info, failures);
      }
      progress.tick(stack, status, done(latest));
      if (System.nanoTime() > deadline) {
        progress.end(stack, status, done(latest));
        throw new UserException(ExitCode.STACK_BUSY, stack + " is still " + status + " after "
            + Elapsed.format(timeout) + ": wait for it (or cancel it in the CloudFormation console), then run the command again");
      }
      sleep(poll);
    }
  }

  private List<StackEvent> events(String idOrName, String lastSeen) {
    return patience.call(() -> {
      try {
        return gateway.eventsSince(idOrName, lastSeen);
      } catch (CloudFormationException e) {
        if (CloudFormationGateway.isMissing(e)) return List.of();
        throw e;
      }
    });
  }

  private static int done(Map<String, String> latest) {
    return (int) latest.values().stream().filter(s -> s.endsWith("_COMPLETE")).count();
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException(ExitCode.INTERRUPTED, "interrupted");
    }
  }
}
