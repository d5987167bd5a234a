package dev.zerodown.provisioner.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 GET on a fresh connection ({@code Connection: close}), with no retry of any kind: what a probe
 * sees is what one client saw. Bodies are capped; a chunked body is decoded.
 */
final class HttpGet {
  /** Status and body of an answer. */
  record Answer(int status, String body) {}

  private static final int MAX_BYTES = 64 * 1024;

  private HttpGet() {}

  static Answer get(URI url, Duration timeout) throws IOException {
    boolean tls = "https".equals(url.getScheme());
    int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Socket socket = tls ? SSLSocketFactory.getDefault().createSocket() : new Socket()) {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(url.getHost(), port), millis(timeout));
      socket.setSoTimeout(millis(timeout));
      if (socket instanceof SSLSocket ssl) {
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        params.setServerNames(java.util.List.of(new SNIHostName(url.getHost())));
        ssl.setSSLParameters(params);
        ssl.startHandshake();
      }
      String path = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
      String host = url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
      String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: zerodown-probe\r\n"
          + "Accept: text/html\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      byte[] raw = readAll(socket, deadline);
      return parse(raw);
    }
  }

  private static byte[] readAll(Socket socket, long deadline) throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    while (buffer.size() < MAX_BYTES) {
      long left = deadline - System.nanoTime();
      if (left <= 0) throw new java.net.SocketTimeoutException("read timed out");
      socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
      int n = in.read(chunk);
      if (n < 0) break;
      buffer.write(chunk, 0, n);
    }
    return buffer.toByteArray();
  }

  static Answer parse(byte[] raw) throws IOException {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    if (text.isEmpty()) throw new IOException("connection closed without a response");
    int headerEnd = text.indexOf("\r\n\r\n");
    if (headerEnd < 0) throw new IOException("connection closed in the middle of the response headers");
    String[] lines = text.substring(0, headerEnd).split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x response: " + lines[0]);
    }
    int status;
    try {
      status = Integer.parseInt(statusLine[1]);
    } catch (NumberFormatException e) {
      throw new IOException("bad status line: " + lines[0]);
    }
    boolean chunked = false;
    long length = -1;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon < 0) continue;
      String name = lines[i].substring(0, colon).trim();
      String value = lines[i].substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Transfer-Encoding") && value.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
        chunked = true;
      } else if (name.equalsIgnoreCase("Content-Length")) {
        try {
          length = Long.parseLong(value);
        } catch (NumberFormatException e) {
          throw new IOException("bad Content-Length: " + value);
        }
      }
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, headerEnd + 4, raw.length);
    if (chunked) {
      body = dechunk(body);
    } else if (length >= 0) {
      if (body.length < length && raw.length < MAX_BYTES) {
        throw new IOException("connection closed after " + body.length + " of " + length + " body bytes");
      }
      body = java.util.Arrays.copyOf(body, (int) Math.min(length, body.length));
    }
    return new Answer(status, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int pos = 0;
    while (true) {
      int eol = indexOfCrlf(body, pos);
      if (eol < 0) throw new IOException("connection closed in the middle of a chunked body");
      String sizeLine = new String(body, pos, eol - pos, StandardCharsets.US_ASCII);
      int semi = sizeLine.indexOf(';');
      int size;
      try {
        size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk size: " + sizeLine);
      }
      pos = eol + 2;
      if (size == 0) return out.toByteArray();
      if (pos + size > body.length) throw new IOException("connection closed in the middle of a chunk");
      out.write(body, pos, size);
      pos += size + 2;
    }
  }

  private static int indexOfCrlf(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') return i;
    }
    return -1;
  }

  private static int millis(Duration d) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
  }
}
