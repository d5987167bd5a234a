package dev.zerodown.provisioner.cfn;

/**
 * One drift detection as DescribeStackDriftDetectionStatus reports it: {@code status} DETECTION_IN_PROGRESS,
 * DETECTION_COMPLETE or DETECTION_FAILED, {@code stackDrift} DRIFTED, IN_SYNC, UNKNOWN or NOT_CHECKED and {@code
 * reason} why it failed (each null when the answer leaves it out).
 */
public record DriftDetection(String status, String stackDrift, String reason) {
  public boolean running() {
    return "DETECTION_IN_PROGRESS".equals(status);
  }

  public boolean failed() {
    return "DETECTION_FAILED".equals(status);
  }

  public boolean drifted() {
    return "DRIFTED".equals(stackDrift);
  }
}
