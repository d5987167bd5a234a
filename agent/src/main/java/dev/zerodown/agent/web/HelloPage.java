package dev.zerodown.agent.web;

import java.nio.charset.StandardCharsets;

/**
 * Renders hello.py into bytes with one allocation per request: the parts around the counter are
 * encoded once (and again only if the instance id changes).
 */
final class HelloPage {
  private static final byte[] HEAD = Pages.ascii("<html><body>\n<p>Hello World!<br />counter: ");

  private record Tail(String instanceId, byte[] bytes) {}

  private final String env;
  private volatile Tail tail;

  HelloPage(String env) {
    this.env = env;
  }

  byte[] render(long counter, String instanceId) {
    Tail t = tail;
    if (t == null || !t.instanceId.equals(instanceId)) {
      t = new Tail(instanceId, ("<br />env: " + env + "</p>\nId: " + instanceId + "\n</body></html>\n")
          .getBytes(StandardCharsets.UTF_8));
      tail = t;
    }
    int digits = digits(counter);
    byte[] out = new byte[HEAD.length + digits + t.bytes.length];
    System.arraycopy(HEAD, 0, out, 0, HEAD.length);
    writeDecimal(counter, out, HEAD.length, digits);
    System.arraycopy(t.bytes, 0, out, HEAD.length + digits, t.bytes.length);
    return out;
  }

  private static int digits(long v) {
    if (v < 0) return Long.toString(v).length();
    int d = 1;
    while (v >= 10) {
      v /= 10;
      d++;
    }
    return d;
  }

  private static void writeDecimal(long v, byte[] out, int at, int digits) {
    if (v < 0) {
      byte[] s = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(s, 0, out, at, s.length);
      return;
    }
    for (int i = at + digits - 1; i >= at; i--) {
      out[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
  }
}
