package dev.zerodown.agent.web;

import java.nio.charset.StandardCharsets;

/**
 * The bodies the tutorial's CGI scripts printed, byte for byte (LF line ends, final newline), plus
 * the short pages the agent adds (503, 404, 405, 500); hello.py itself is rendered by {@link HelloPage}.
 */
public final class Pages {
  private Pages() {}

  /** ping.py: 38 bytes, pre-encoded once. */
  static final byte[] PING = ascii("<html><body>\n<p>ok</p>\n</body></html>\n");

  static final byte[] DRAINING = ascii("<html><body>\n<p>draining</p>\n</body></html>\n");
  static final byte[] COUNTER_UNAVAILABLE = ascii("<html><body>\n<p>counter unavailable</p>\n</body></html>\n");
  /** hello.py when the agent sheds load (503 with Retry-After): the request did no work. */
  static final byte[] OVERLOADED = ascii("<html><body>\n<p>overloaded, retry</p>\n</body></html>\n");
  static final byte[] NOT_FOUND = ascii("Not Found\n");
  static final byte[] METHOD_NOT_ALLOWED = ascii("Method Not Allowed\n");
  static final byte[] SERVER_ERROR = ascii("Internal Server Error\n");

  static final String HTML = "text/html; charset=utf-8";
  static final String JSON = "application/json";
  static final String TEXT = "text/plain; charset=utf-8";

  /** hello.py's JSON variant: {"counter":N,"env":"...","instanceId":"..."}. */
  public static String helloJson(long n, String env, String instanceId) {
    return "{\"counter\":" + n + ",\"env\":" + jsonString(env) + ",\"instanceId\":" + jsonString(instanceId) + "}";
  }

  static String jsonString(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': b.append("\\\""); break;
        case '\\': b.append("\\\\"); break;
        case '\n': b.append("\\n"); break;
        case '\r': b.append("\\r"); break;
        case '\t': b.append("\\t"); break;
        default:
          if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
      }
    }
    return b.append('"').toString();
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
