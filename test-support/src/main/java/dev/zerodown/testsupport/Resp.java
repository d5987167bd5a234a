package dev.zerodown.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One Redis command over a fresh socket, for test assertions; independent of the client under test. */
public final class Resp {
  private Resp() {}

  /** Sends {@code args} to host:port and returns the reply as text (null for a nil reply). */
  public static String command(String host, int port, String... args) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      StringBuilder req = new StringBuilder("*").append(args.length).append("\r\n");
      for (String a : args) {
        byte[] b = a.getBytes(StandardCharsets.UTF_8);
        req.append('$').append(b.length).append("\r\n").append(a).append("\r\n");
      }
      out.write(req.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return read(new BufferedInputStream(socket.getInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException("redis " + host + ":" + port + " " + String.join(" ", args), e);
    }
  }

  /** Like {@link #command(String, int, String...)} on a server that requires AUTH {@code password}. */
  public static String command(String host, int port, String password, String... args) {
    String[] all = new String[args.length];
    System.arraycopy(args, 0, all, 0, args.length);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(encode("AUTH", password));
      out.write(encode(all));
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      read(in);
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("redis " + host + ":" + port + " " + String.join(" ", args), e);
    }
  }

  private static byte[] encode(String... args) {
    StringBuilder req = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      byte[] b = a.getBytes(StandardCharsets.UTF_8);
      req.append('$').append(b.length).append("\r\n").append(a).append("\r\n");
    }
    return req.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String read(InputStream in) throws IOException {
    int type = in.read();
    String line = line(in);
    switch (type) {
      case '+':
      case ':':
        return line;
      case '-':
        throw new IOException("redis error: " + line);
      case '$': {
        int len = Integer.parseInt(line);
        if (len < 0) return null;
        byte[] data = in.readNBytes(len);
        line(in);
        return new String(data, StandardCharsets.UTF_8);
      }
      case '*': {
        int n = Integer.parseInt(line);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
          if (i > 0) sb.append('\n');
          sb.append(read(in));
        }
        return sb.toString();
      }
      default:
        throw new IOException("unexpected reply type " + type);
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\r') {
        in.read();
        break;
      }
      buf.write(c);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}
