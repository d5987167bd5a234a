package dev.zerodown.agent.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Heap and non-heap memory in use and committed: four series instead of one per memory pool. */
final class JvmMemory implements MeterBinder {
  @Override
  public void bindTo(MeterRegistry registry) {
    MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
    Gauge.builder("jvm.memory.used", mx, m -> m.getHeapMemoryUsage().getUsed()).tag("area", "heap")
        .baseUnit("bytes").register(registry);
    Gauge.builder("jvm.memory.used", mx, m -> m.getNonHeapMemoryUsage().getUsed()).tag("area", "nonheap")
        .baseUnit("bytes").register(registry);
    Gauge.builder("jvm.memory.committed", mx, m -> m.getHeapMemoryUsage().getCommitted()).tag("area", "heap")
        .baseUnit("bytes").register(registry);
    Gauge.builder("jvm.memory.committed", mx, m -> m.getNonHeapMemoryUsage().getCommitted()).tag("area", "nonheap")
        .baseUnit("bytes").register(registry);
  }
}
