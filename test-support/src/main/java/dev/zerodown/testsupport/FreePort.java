package dev.zerodown.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks a TCP port that is free on the loopback interface right now. */
public final class FreePort {
  private FreePort() {}

  public static int pick() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /** A port free right now on every one of {@code addresses} (loopback addresses such as 127.0.0.2). */
  public static int pickOn(String... addresses) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port = pick();
      boolean free = true;
      for (String a : addresses) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(a))) {
          s.setReuseAddress(true);
        } catch (IOException taken) {
          free = false;
          break;
        }
      }
      if (free) return port;
    }
    throw new IllegalStateException("no port free on all of " + String.join(", ", addresses));
  }
}
