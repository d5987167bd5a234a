package dev.zerodown.harness;

/**
 * One request the load generator sent: when (nanoTime), what, and what came back. {@code status} is
 * -1 when the client saw an I/O error instead of a response; {@code counter} is -1 when the body
 * carried none.
 */
record Sample(int worker, String path, long startNanos, long endNanos, int status, long counter,
    String instanceId, String error) {

  boolean ok() {
    return status == 200;
  }

  boolean hello() {
    return path.contains("hello");
  }

  boolean ping() {
    return path.contains("ping");
  }
}
