package dev.zerodown.agent.lifecycle;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT handled by the agent itself (not a shutdown hook, which would end the JVM with
 * 143): the first signal runs the shutdown sequence and exits 0, a second one cuts the drain short.
 */
public final class Signals {
  private Signals() {}

  public static void install(Shutdown shutdown) {
    AtomicBoolean started = new AtomicBoolean();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), sig -> {
        if (!started.compareAndSet(false, true)) {
          shutdown.skipDrain();
          return;
        }
        Thread t = new Thread(() -> {
          shutdown.run("SIG" + sig.getName());
          System.exit(0);
        }, "shutdown");
        // The signal dispatcher is a daemon thread and threads inherit that: without this the JVM would
        // end as soon as Jetty's threads stop, before the pool closes and the metrics are flushed.
        t.setDaemon(false);
        t.start();
      });
    }
  }
}
