package dev.zerodown.provisioner.status;

import dev.zerodown.provisioner.cfn.CloudFormationGateway;
import dev.zerodown.provisioner.cfn.DriftDetection;
import dev.zerodown.provisioner.cfn.ResourceDrift;
import dev.zerodown.provisioner.cfn.StackInfo;
import dev.zerodown.provisioner.cfn.StackWatcher;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * status --drift: per settled stack, DetectStackDrift, DescribeStackDriftDetectionStatus until the detection ends,
 * then the drifted resources (DescribeStackResourceDrifts, MODIFIED and DELETED) with the properties that differ.
 * Each stack's outcome is told as soon as it is known (a detection takes a minute or more).
 */
public final class Drift {
  /**
   * How long one stack's detection is followed: well past the minute or more --drift's help announces; past it the
   * stack is reported as still running, and the next one is checked.
   */
  static final Duration LIMIT = Duration.ofMinutes(10);

  /** One stack's detection as it was last read: still running after {@link #LIMIT}, or ended (drifted, in sync, failed). */
  public record StackDrift(String stack, DriftDetection detection) {}

  /** What the detection tells, in order: each stack's outcome, then (when it drifted) its drifted resources. */
  public interface Events {
    void stack(StackDrift outcome);

    void resources(List<ResourceDrift> drifts);
  }

  private final CloudFormationGateway cfn;
  private final StackWatcher watcher;
  private final Duration poll;

  /** {@code watcher}: its reads retry while AWS is unavailable; {@code poll}: the pause between two status reads. */
  public Drift(CloudFormationGateway cfn, StackWatcher watcher, Duration poll) {
    this.cfn = Objects.requireNonNull(cfn, "cfn");
    this.watcher = Objects.requireNonNull(watcher, "watcher");
    this.poll = Objects.requireNonNull(poll, "poll");
  }

  /** Detects drift on every deployed stack not in an *_IN_PROGRESS status, one after the other. */
  public void detect(Collection<Optional<StackInfo>> stacks, Events events) {
    for (Optional<StackInfo> s : stacks) {
      if (s.isEmpty() || s.get().status().endsWith("_IN_PROGRESS")) continue;
      String name = s.get().name();
      String id = watcher.read(() -> cfn.detectDrift(name));
      DriftDetection st = watcher.read(() -> cfn.driftStatus(id));
      long deadline = System.nanoTime() + LIMIT.toNanos();
      while (st.running() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(Math.max(1, poll.toMillis()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UserException(ExitCode.INTERRUPTED, "interrupted");
        }
        st = watcher.read(() -> cfn.driftStatus(id));
      }
      events.stack(new StackDrift(name, st));
      if (!st.running() && st.drifted()) events.resources(watcher.read(() -> cfn.resourceDrifts(name)));
    }
  }
}
