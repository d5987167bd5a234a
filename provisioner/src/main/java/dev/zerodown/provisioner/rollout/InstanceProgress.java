package dev.zerodown.provisioner.rollout;

import java.time.Duration;
import java.util.Optional;

/**
 * One instance's way through a rollout, times relative to the start of the update: a replacement is seen,
 * goes InService and healthy; an old instance leaves rotation and is gone.
 */
public record InstanceProgress(String instanceId, boolean replacement, Optional<Duration> seen,
    Optional<Duration> inService, Optional<Duration> healthy, Optional<Duration> leftRotation,
    Optional<Duration> gone, String lastState) {}
