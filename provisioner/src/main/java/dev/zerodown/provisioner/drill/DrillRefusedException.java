package dev.zerodown.provisioner.drill;

/** The fleet is not in a state a drill may start from; the message says why and what to do. */
public final class DrillRefusedException extends RuntimeException {
  public DrillRefusedException(String message) {
    super(message);
  }
}
