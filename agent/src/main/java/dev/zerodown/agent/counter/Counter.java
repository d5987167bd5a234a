package dev.zerodown.agent.counter;

import java.util.Optional;

/** The hit counter behind hello.py: one atomic increment per call. */
public interface Counter extends AutoCloseable {

  /** Increments the counter once and returns the new value. */
  long increment() throws CounterUnavailableException;

  /**
   * Whether an increment would be taken now, checked without incrementing (the admin listener's
   * {@code /ready}): empty when ready, otherwise a one-line reason that never shows a secret.
   */
  Optional<String> notReady();

  /** Where the counter lives, for the start-up log. */
  String describe();

  @Override
  void close();
}
