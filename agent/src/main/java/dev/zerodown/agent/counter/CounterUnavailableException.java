package dev.zerodown.agent.counter;

/** The counter's store could not be reached in time; the request answers 503. */
public final class CounterUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  public CounterUnavailableException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
