package dev.zerodown.agent.lifecycle;

/** Whether shutdown has begun: from then on ping.py answers 503 so the load balancer stops sending. */
public final class Draining {
  private volatile boolean draining;

  public boolean isDraining() {
    return draining;
  }

  /** Marks the start of shutdown; returns false if it had already begun. */
  public synchronized boolean begin() {
    if (draining) return false;
    draining = true;
    return true;
  }
}
