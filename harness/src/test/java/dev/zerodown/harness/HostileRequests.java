package dev.zerodown.harness;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Malformed and abusive requests over raw sockets: bad methods, huge headers, huge bodies, bad
 * encodings, path tricks, protocol violations and slow clients. None of them is a GET of hello.py a
 * server should accept (those aimed at it are oversized, use another method or are malformed), so
 * none may move the counter.
 */
final class HostileRequests {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration SLOW_HOLD = Duration.ofSeconds(3);
  private static final String HELLO = "/cgi-bin/hello.py";
  private static final String PING = "/cgi-bin/ping.py";

  private HostileRequests() {}

  /** A raw request: what is sent, and an optional body streamed after it. */
  record Case(String category, String name, byte[] head, long bodyBytes, boolean chunkedBody) {}

  /** What came back: an HTTP status, 0 when the agent closed without answering, -1 on a read timeout. */
  record Outcome(String category, String name, int status, String detail, String body) {
    boolean leaksInternals() {
      return body.contains("Exception") || body.contains("\tat ") || body.contains(".java:")
          || body.contains("org.eclipse.jetty") || body.contains("io.javalin");
    }

    @Override
    public String toString() {
      return category + " | " + name + " | " + (status > 0 ? String.valueOf(status) : status == 0 ? "closed" : "timeout")
          + (detail.isEmpty() ? "" : " | " + detail);
    }
  }

  record Result(List<Outcome> outcomes, boolean servedDuringSlow) {
    long count(Predicate<Outcome> p) {
      return outcomes.stream().filter(p).count();
    }
  }

  static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    // bad methods, all on hello.py: none may run it
    for (String m : List.of("FOO", "DELETE", "PUT", "PATCH", "TRACE", "PROPFIND", "get", "OPTIONS", "G\u0001T",
        "X".repeat(4096), "POST")) {
      c.add(ascii("method", m.length() > 20 ? "4 KiB method" : "method " + m.replace("\u0001", "\\x01"),
          m + " " + HELLO + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"));
    }
    c.add(ascii("method", "CONNECT", "CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1:443\r\n\r\n"));
    // huge headers
    c.add(ascii("header", "16 KiB header value", get(HELLO, "X-Big: " + "a".repeat(16 * 1024))));
    c.add(ascii("header", "64 KiB header value", get(HELLO, "X-Big: " + "a".repeat(64 * 1024))));
    c.add(ascii("header", "1 MiB header value", get(HELLO, "X-Big: " + "a".repeat(1024 * 1024))));
    c.add(ascii("header", "500 headers of 100 bytes", get(HELLO, repeatHeaders(500, 90))));
    c.add(ascii("header", "5000 tiny headers", get(HELLO, repeatHeaders(5000, 1))));
    c.add(ascii("header", "100 KiB cookie", get(HELLO, "Cookie: a=" + "b".repeat(100 * 1024))));
    c.add(ascii("header", "10 KiB header name", get(HELLO, "X" + "n".repeat(10 * 1024) + ": v")));
    c.add(ascii("header", "100 KiB URI", "GET " + HELLO + "?" + "q".repeat(100 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    // huge bodies
    c.add(new Case("body", "POST hello.py declaring 10 MiB, sending 1 MiB",
        bytes("POST " + HELLO + " HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\n"), 1 << 20, false));
    c.add(new Case("body", "GET ping.py with a 1 MiB body",
        bytes("GET " + PING + " HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n"), 1 << 20, false));
    c.add(new Case("body", "POST hello.py with 2 MiB chunked",
        bytes("POST " + HELLO + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"), 2 << 20, true));
    c.add(ascii("body", "Content-Length beyond 64 bits",
        "POST " + HELLO + " HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\nabc"));
    c.add(new Case("body", "POST ping.py declaring 100 MiB, sending 64 KiB",
        bytes("POST " + PING + " HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\n\r\n"), 64 << 10, false));
    c.add(ascii("body", "chunk size overflowing",
        "POST " + HELLO + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffffff\r\nabc\r\n"));
    c.add(ascii("body", "Expect 100-continue for 1 GiB",
        "POST " + HELLO + " HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 1073741824\r\n\r\n"));
    // bad encodings
    c.add(ascii("encoding", "invalid percent escape", "GET /cgi-bin/%zz HTTP/1.1\r\nHost: x\r\n\r\n"));
    c.add(ascii("encoding", "truncated percent escape", "GET " + HELLO + "% HTTP/1.1\r\nHost: x\r\n\r\n"));
    c.add(ascii("encoding", "overlong UTF-8 dots", "GET /%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"));
    c.add(latin1("encoding", "raw 0xFF 0xFE bytes in the path", "GET /cgi-bin/\u00ff\u00fe HTTP/1.1\r\nHost: x\r\n\r\n"));
    c.add(ascii("encoding", "bad escapes in the query", "GET " + PING + "?x=%ZZ&y=% HTTP/1.1\r\nHost: x\r\n\r\n"));
    c.add(latin1("encoding", "0xFF bytes in a header value", get(PING, "X-Bin: \u00ff\u00fe\u00fd")));
    c.add(latin1("encoding", "NUL byte in a header value", get(PING, "X-Nul: a\u0000b")));
    c.add(ascii("encoding", "encoded NUL in the path", "GET /cgi-bin/%00 HTTP/1.1\r\nHost: x\r\n\r\n"));
    c.add(ascii("encoding", "overlong UTF-8 slash", "GET /cgi-bin/..%c0%af..%c0%afetc%c0%afpasswd HTTP/1.1\r\nHost: x\r\n\r\n"));
    c.add(ascii("encoding", "tabs as separators", "GET\t" + PING + "\tHTTP/1.1\r\nHost: x\r\n\r\n"));
    c.add(new Case("encoding", "raw UTF-8 emoji in the path",
        ("GET /cgi-bin/\uD83D\uDCA5 HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.UTF_8), 0, false));
    // path tricks
    for (String p : List.of("/cgi-bin/../../../../etc/passwd", "/cgi-bin/%2e%2e/%2e%2e/etc/passwd",
        HELLO + "/../../../etc/passwd", HELLO + "/extra", HELLO + ".bak", "/CGI-BIN/HELLO.PY", "/cgi-bin%2fhello.py",
        "/..;/..;/etc/passwd", HELLO + "%00.txt", "\\..\\..\\windows\\win.ini", "/" + "a/".repeat(2000), "*",
        "http://evil.example" + PING)) {
      c.add(ascii("path", p.length() > 50 ? "4000-deep path" : p, "GET " + p + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    }
    // protocol violations
    c.add(ascii("protocol", "HTTP/9.9", "GET " + PING + " HTTP/9.9\r\nHost: x\r\n\r\n"));
    c.add(ascii("protocol", "HTTP/2 preface on HTTP/1.1", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
    c.add(new Case("protocol", "TLS ClientHello", tlsClientHello(), 0, false));
    byte[] garbage = new byte[4096];
    new Random(42).nextBytes(garbage);
    c.add(new Case("protocol", "4 KiB random bytes", garbage, 0, false));
    c.add(ascii("protocol", "10000 empty lines", "\r\n".repeat(10000)));
    c.add(ascii("protocol", "HTTP/1.1 without Host", "GET " + PING + " HTTP/1.1\r\n\r\n"));
    c.add(ascii("protocol", "two Host headers", "GET " + PING + " HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"));
    c.add(ascii("protocol", "Content-Length with Transfer-Encoding (smuggling)",
        "POST " + PING + " HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
            + "GET " + PING + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    c.add(ascii("protocol", "negative Content-Length", "POST " + PING + " HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"));
    c.add(ascii("protocol", "two different Content-Lengths",
        "POST " + PING + " HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"));
    c.add(ascii("protocol", "header line without a colon", get(PING, "this is not a header")));
    c.add(ascii("protocol", "obsolete line folding", get(PING, "X-Fold: a\r\n  b")));
    c.add(ascii("protocol", "100 pipelined pings in one write",
        ("GET " + PING + " HTTP/1.1\r\nHost: x\r\n\r\n").repeat(100)));
    return c;
  }

  /** Sends every case (8 at a time), then the slow clients; each case bounded by a read timeout. */
  static Result run(int port) {
    List<Outcome> outcomes = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (Case c : cases()) futures.add(pool.submit(() -> send(port, c)));
      for (Future<Outcome> f : futures) outcomes.add(f.get(60, TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new IllegalStateException("hostile request run failed: " + e, e);
    } finally {
      pool.shutdownNow();
    }
    boolean served = slowClients(port, outcomes);
    return new Result(outcomes, served);
  }

  private static Outcome send(int port, Case c) {
    String detail = "";
    try (HttpConnection conn = HttpConnection.open(port, READ_TIMEOUT)) {
      try {
        conn.write(c.head());
        if (c.bodyBytes() > 0) streamBody(conn, c.bodyBytes(), c.chunkedBody());
      } catch (IOException writeFailed) {
        detail = "write stopped: " + writeFailed.getMessage();
      }
      try {
        HttpConnection.Response r = conn.read();
        return new Outcome(c.category(), c.name(), r.status(), detail, r.body());
      } catch (SocketTimeoutException t) {
        return new Outcome(c.category(), c.name(), -1, detail, "");
      } catch (EOFException closed) {
        return new Outcome(c.category(), c.name(), 0, detail, "");
      } catch (IOException e) {
        return new Outcome(c.category(), c.name(), 0, (detail + " " + e.getMessage()).trim(), "");
      }
    } catch (IOException e) {
      return new Outcome(c.category(), c.name(), 0, "connect: " + e.getMessage(), "");
    }
  }

  private static void streamBody(HttpConnection conn, long total, boolean chunked) throws IOException {
    byte[] block = new byte[64 * 1024];
    java.util.Arrays.fill(block, (byte) 'x');
    for (long sent = 0; sent < total; sent += block.length) {
      if (chunked) conn.write(bytes(Integer.toHexString(block.length) + "\r\n"));
      conn.write(block);
      if (chunked) conn.write(bytes("\r\n"));
    }
    if (chunked) conn.write(bytes("0\r\n\r\n"));
  }

  /**
   * Slow clients: 10 that dribble an endless header one byte at a time, 10 that connect and say
   * nothing, 1 that sends a declared body one byte at a time. While they hold their connections a
   * normal ping.py must be answered.
   */
  private static boolean slowClients(int port, List<Outcome> outcomes) {
    List<HttpConnection> dribblers = new ArrayList<>();
    List<HttpConnection> idle = new ArrayList<>();
    HttpConnection slowBody = null;
    boolean served = true;
    try {
      for (int i = 0; i < 10; i++) {
        HttpConnection d = HttpConnection.open(port, READ_TIMEOUT);
        d.write(bytes("GET " + HELLO + " HTTP/1.1\r\nHost: x\r\nX-Slow: "));
        dribblers.add(d);
        idle.add(HttpConnection.open(port, READ_TIMEOUT));
      }
      slowBody = HttpConnection.open(port, READ_TIMEOUT);
      slowBody.write(bytes("POST " + PING + " HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\n\r\n"));
      long end = System.nanoTime() + SLOW_HOLD.toNanos();
      int tick = 0;
      while (System.nanoTime() < end) {
        for (HttpConnection d : dribblers) d.write(bytes("a"));
        slowBody.write(bytes("b"));
        if (tick++ % 5 == 0) {
          try (HttpConnection normal = HttpConnection.open(port, READ_TIMEOUT)) {
            served &= normal.get(PING).status() == 200;
          }
        }
        Pause.millis(150);
      }
    } catch (IOException e) {
      // the agent may close a slow client: that is allowed, and recorded below
    }
    for (int i = 0; i < dribblers.size(); i++) outcomes.add(finish("slow", "header dribbled for 3 s #" + i, dribblers.get(i)));
    for (int i = 0; i < idle.size(); i++) outcomes.add(finish("slow", "idle connection for 3 s #" + i, idle.get(i)));
    if (slowBody != null) outcomes.add(finish("slow", "body dribbled for 3 s", slowBody));
    return served && dribblers.size() == 10;
  }

  /** A held slow connection: whatever it got back so far (a timeout means it was simply held). */
  private static Outcome finish(String category, String name, HttpConnection conn) {
    try (conn) {
      conn.setReadTimeout(Duration.ofMillis(200));
      HttpConnection.Response r = conn.read();
      return new Outcome(category, name, r.status(), "", r.body());
    } catch (SocketTimeoutException held) {
      return new Outcome(category, name, -1, "held open", "");
    } catch (IOException closed) {
      return new Outcome(category, name, 0, closed.getMessage() == null ? "" : closed.getMessage(), "");
    }
  }

  private static String get(String path, String header) {
    return "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + header + "\r\n\r\n";
  }

  private static String repeatHeaders(int n, int valueLength) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) s.append("\r\n");
      s.append("X-H").append(i).append(": ").append("v".repeat(valueLength));
    }
    return s.toString();
  }

  private static Case ascii(String category, String name, String request) {
    return new Case(category, name, bytes(request), 0, false);
  }

  private static Case latin1(String category, String name, String request) {
    return new Case(category, name, request.getBytes(StandardCharsets.ISO_8859_1), 0, false);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** The start of a TLS 1.2 ClientHello record, as a browser sends it to an https:// URL. */
  private static byte[] tlsClientHello() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int[] head = {0x16, 0x03, 0x01, 0x00, 0x2f, 0x01, 0x00, 0x00, 0x2b, 0x03, 0x03};
    for (int x : head) b.write(x);
    for (int i = 0; i < 32; i++) b.write(i);
    int[] tail = {0x00, 0x00, 0x04, 0x00, 0x2f, 0x00, 0xff, 0x01, 0x00};
    for (int x : tail) b.write(x);
    return b.toByteArray();
  }
}
