package dev.zerodown.harness;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection to a loopback port over a plain socket: writes requests byte for byte and
 * parses responses (Content-Length, chunked or close-delimited). It never retries, so every failure
 * a client would see is visible.
 */
final class HttpConnection implements Closeable {
  private static final int MAX_LINE = 64 * 1024;
  private static final int MAX_BODY = 1024 * 1024;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private HttpConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Connects to 127.0.0.1:{@code port}; {@code timeout} bounds the connect and every read. */
  static HttpConnection open(int port, Duration timeout) throws IOException {
    if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1-65535: " + port);
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      return new HttpConnection(socket);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** Sends {@code GET path} with keep-alive and reads the response. */
  Response get(String path) throws IOException {
    write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    return read();
  }

  /** Writes raw bytes (any request, well-formed or not). */
  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  void setReadTimeout(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
  }

  /** Reads one response; throws {@link EOFException} when the peer closed before a status line. */
  Response read() throws IOException {
    String statusLine = line();
    if (statusLine == null) throw new EOFException("connection closed before a response");
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("not an HTTP status line: " + abbreviate(statusLine));
    }
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("bad status code: " + abbreviate(statusLine));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h = line(); h != null && !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      if (colon > 0) headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
    }
    byte[] body;
    String te = headers.getOrDefault("transfer-encoding", "");
    String cl = headers.get("content-length");
    if (status / 100 == 1 || status == 204 || status == 304) {
      body = new byte[0];
    } else if (te.toLowerCase(Locale.ROOT).contains("chunked")) {
      body = chunked();
    } else if (cl != null) {
      int n = Integer.parseInt(cl);
      if (n > MAX_BODY) throw new IOException("body too large: " + n);
      body = in.readNBytes(n);
      if (body.length < n) throw new EOFException("body cut short: " + body.length + " of " + n);
    } else {
      body = in.readNBytes(MAX_BODY);
    }
    boolean close = parts[0].equals("HTTP/1.0")
        || "close".equalsIgnoreCase(headers.getOrDefault("connection", ""))
        || (cl == null && !te.toLowerCase(Locale.ROOT).contains("chunked") && body.length > 0);
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8), close);
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line();
      if (size == null) throw new EOFException("chunked body cut short");
      int semi = size.indexOf(';');
      int n = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
      if (n == 0) {
        for (String t = line(); t != null && !t.isEmpty(); t = line()) {
          // trailers: ignored
        }
        return body.toByteArray();
      }
      if (body.size() + n > MAX_BODY) throw new IOException("chunked body too large");
      byte[] chunk = in.readNBytes(n);
      if (chunk.length < n) throw new EOFException("chunk cut short");
      body.write(chunk);
      line();
    }
  }

  /** One CRLF- (or LF-) terminated line, null at end of stream before any byte. */
  private String line() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') break;
      if (c != '\r') buf.write(c);
      if (buf.size() > MAX_LINE) throw new IOException("line longer than " + MAX_LINE);
    }
    if (c == -1 && buf.size() == 0) return null;
    return buf.toString(StandardCharsets.ISO_8859_1);
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a broken socket: nothing left to do
    }
  }

  /** A parsed response; {@code close} says the connection cannot be reused. */
  record Response(int status, Map<String, String> headers, String body, boolean close) {}
}
