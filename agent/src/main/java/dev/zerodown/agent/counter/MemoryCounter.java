package dev.zerodown.agent.counter;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** A counter in this process's memory: the local quickstart, never shared between instances. */
public final class MemoryCounter implements Counter {
  private final AtomicLong value = new AtomicLong();

  @Override
  public long increment() {
    return value.incrementAndGet();
  }

  /** Always ready: the counter is in this process. */
  @Override
  public Optional<String> notReady() {
    return Optional.empty();
  }

  @Override
  public String describe() {
    return "in-memory counter";
  }

  @Override
  public void close() {}
}
