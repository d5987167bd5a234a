package dev.zerodown.agent.counter;

/** The hit counter behind hello.py: one atomic increment per call. */
public interface Counter extends AutoCloseable {

  /** Increments the counter once and returns the new value. */
  long increment() throws CounterUnavailableException;

  /** Where the counter lives, for the start-up log. */
  String describe();

  @Override
  void close();
}
