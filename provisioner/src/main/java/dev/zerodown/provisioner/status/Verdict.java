package dev.zerodown.provisioner.status;

/** What one web instance is doing, from its ASG lifecycle and health and its load balancer target health. */
public enum Verdict {
  /** In service and healthy in the target group: receiving traffic. */
  SERVING,
  /** Launching, or registered and still passing its first health checks. */
  STARTING,
  /** Deregistering: finishing in-flight requests, no new ones. */
  DRAINING,
  /** Failing health checks (target group or ASG): about to be replaced. */
  UNHEALTHY,
  /** Being terminated or detached by the ASG. */
  LEAVING,
  /** Standby or not registered: running but receiving no traffic. */
  IDLE;

  /**
   * Classifies an instance. {@code lifecycle} is the ASG lifecycle state (InService, Pending, Pending:Wait,
   * Terminating, …), {@code asgHealth} Healthy/Unhealthy, {@code targetHealth} the target group state
   * (healthy, initial, unhealthy, draining, unused, unavailable) or null when not registered.
   */
  public static Verdict classify(String lifecycle, String asgHealth, String targetHealth) {
    String life = lifecycle == null ? "" : lifecycle;
    if (life.startsWith("Terminating") || life.startsWith("Detach") || life.startsWith("Warmed:Terminat")) return LEAVING;
    if ("draining".equals(targetHealth)) return DRAINING;
    if ("Unhealthy".equalsIgnoreCase(asgHealth) || "unhealthy".equals(targetHealth)) return UNHEALTHY;
    if (life.startsWith("Pending") || "initial".equals(targetHealth)) return STARTING;
    if (life.equals("InService") && "healthy".equals(targetHealth)) return SERVING;
    return IDLE;
  }
}
