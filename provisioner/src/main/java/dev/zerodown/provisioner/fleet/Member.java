package dev.zerodown.provisioner.fleet;

/**
 * One web instance as the Auto Scaling group and the target group see it: lifecycle state
 * ({@code Pending}, {@code InService}, {@code Terminating}, …) and target health ({@code initial},
 * {@code healthy}, {@code unhealthy}, {@code draining}, or {@code absent} when not registered).
 */
public record Member(String instanceId, String lifecycleState, String targetState, String targetReason) {
  public static final String ABSENT = "absent";

  public boolean inService() {
    return "InService".equals(lifecycleState);
  }

  public boolean healthy() {
    return "healthy".equals(targetState);
  }

  public boolean unhealthy() {
    return "unhealthy".equals(targetState);
  }
}
