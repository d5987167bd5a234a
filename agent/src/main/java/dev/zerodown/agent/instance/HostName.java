package dev.zerodown.agent.instance;

import java.net.InetAddress;

/** This machine's host name, looked up once (the fallback instance id off EC2). */
final class HostName {
  private static volatile String cached;

  private HostName() {}

  static String get() {
    String h = cached;
    if (h != null) return h;
    try {
      h = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      h = System.getenv().getOrDefault("HOSTNAME", "localhost");
    }
    cached = h;
    return h;
  }
}
