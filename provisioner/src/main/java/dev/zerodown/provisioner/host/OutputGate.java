package dev.zerodown.provisioner.host;

/**
 * The process's output, closed once for good: after an interrupt's last line nothing else is printed (no progress
 * redraw from a thread still polling, no late error). Writers check it under its lock, so a line is either wholly
 * before the last one or not printed.
 */
public final class OutputGate {
  private boolean closed;

  public synchronized boolean isClosed() {
    return closed;
  }

  /** Runs {@code last} (which prints the final line) and closes the gate, unless it is closed already. */
  public synchronized void closeWith(Runnable last) {
    if (closed) return;
    closed = true;
    last.run();
  }
}
