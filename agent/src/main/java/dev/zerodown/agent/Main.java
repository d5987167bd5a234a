package dev.zerodown.agent;

import dev.zerodown.agent.config.Config;
import dev.zerodown.agent.config.DnsCache;
import dev.zerodown.agent.lifecycle.Signals;
import dev.zerodown.agent.web.AdminServer;
import java.net.BindException;

/** Entry point: reads the configuration from the environment, starts the agent, handles SIGTERM. */
public final class Main {
  /** Exit status for a configuration the agent cannot use. */
  static final int EXIT_BAD_CONFIG = 2;
  /** Exit status when the server cannot start (port taken, ...). */
  static final int EXIT_START_FAILED = 1;

  private Main() {}

  public static void main(String[] args) {
    // Before anything can look a name up: the DNS cache lifetimes are read at the first lookup.
    DnsCache.apply();
    startQuickly();
    Config config;
    try {
      config = Config.fromEnv(System.getenv());
    } catch (Config.Invalid e) {
      System.err.println("zerodown-agent: " + e.getMessage());
      System.exit(EXIT_BAD_CONFIG);
      return;
    }
    Agent agent = Agent.create(config);
    Signals.install(agent.shutdown());
    try {
      agent.start();
    } catch (RuntimeException e) {
      System.err.println("zerodown-agent: " + startFailure(e, config));
      System.exit(EXIT_START_FAILED);
    }
  }

  /**
   * Jetty's MemoryUtils asks the platform MBean server whether compressed oops are on, which loads
   * all of JMX (some 300 classes, a good part of the start-up time). Answer it up front: compressed
   * oops are on below a 32 GiB heap.
   */
  static void startQuickly() {
    if (System.getProperty("org.eclipse.jetty.util.referencesPerCacheLine") == null) {
      boolean compressedOops = Runtime.getRuntime().maxMemory() < 32L * 1024 * 1024 * 1024;
      System.setProperty("org.eclipse.jetty.util.referencesPerCacheLine", compressedOops ? "16" : "8");
    }
  }

  private static String startFailure(Throwable e, Config config) {
    if (e instanceof AdminServer.ListenFailed) return e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return "cannot listen on " + config.host() + ":" + config.port() + " (" + t.getMessage()
            + "): set PORT to a free port or stop what uses it";
      }
    }
    return "could not start: " + e;
  }
}
