package dev.zerodown.provisioner.console;

import dev.zerodown.provisioner.host.OutputGate;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Everything the provisioner prints goes through one of these (standard output and error, wrapped once by the root
 * command): a character the output charset cannot encode (an em dash or an arrow under {@code LC_ALL=C}) is printed as
 * its ASCII stand-in instead of {@code ?}, and once the host's {@link OutputGate} is closed (an interrupt's last line)
 * nothing more is printed.
 */
public final class ConsoleWriter extends Writer {
  /** ASCII stand-ins for the non-ASCII characters the provisioner's own text uses (and a few more). */
  private static final Map<Character, String> ASCII = Map.ofEntries(
      Map.entry('\u2014', "-"), Map.entry('\u2013', "-"), Map.entry('\u2012', "-"), Map.entry('\u2212', "-"),
      Map.entry('\u2192', "->"), Map.entry('\u2190', "<-"), Map.entry('\u2194', "<->"), Map.entry('\u21d2', "=>"),
      Map.entry('\u2026', "..."), Map.entry('\u2264', "<="), Map.entry('\u2265', ">="), Map.entry('\u2260', "!="),
      Map.entry('\u00d7', "x"), Map.entry('\u2248', "~"), Map.entry('\u00b7', "."), Map.entry('\u2022', "*"),
      Map.entry('\u2018', "'"), Map.entry('\u2019', "'"), Map.entry('\u201c', "\""), Map.entry('\u201d', "\""),
      Map.entry('\u00a0', " "), Map.entry('\u2713', "ok"), Map.entry('\u2717', "x"), Map.entry('\u00b5', "u"));

  private final Writer delegate;
  private final CharsetEncoder encoder;
  private final OutputGate gate;

  public ConsoleWriter(Writer delegate, Charset charset, OutputGate gate) {
    this.delegate = delegate;
    this.encoder = charset.equals(StandardCharsets.UTF_8) || charset.name().startsWith("UTF-") ? null
        : charset.newEncoder();
    this.gate = gate;
  }

  /** {@code text} as it can be printed in {@code charset}: unencodable characters as their ASCII stand-ins, else '?'. */
  public static String encodable(String text, Charset charset) {
    StringBuilder sb = new StringBuilder(text.length());
    new ConsoleWriter(Writer.nullWriter(), charset, new OutputGate()).map(text.toCharArray(), 0, text.length(), sb);
    return sb.toString();
  }

  private void map(char[] buf, int off, int len, StringBuilder sb) {
    int end = off + len;
    for (int i = off; i < end; i++) {
      char c = buf[i];
      if (c < 0x80 || encoder == null) {
        sb.append(c);
      } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(buf[i + 1])) {
        String pair = new String(buf, i, 2);
        sb.append(encoder.canEncode(pair) ? pair : "?");
        i++;
      } else if (!Character.isSurrogate(c) && encoder.canEncode(c)) {
        sb.append(c);
      } else {
        sb.append(ASCII.getOrDefault(c, "?"));
      }
    }
  }

  @Override
  public void write(char[] buf, int off, int len) throws IOException {
    synchronized (gate) {
      if (gate.isClosed()) return;
      if (encoder == null) {
        delegate.write(buf, off, len);
        return;
      }
      StringBuilder sb = new StringBuilder(len);
      map(buf, off, len, sb);
      delegate.write(sb.toString());
    }
  }

  /** Writes {@code line} whatever the gate says: the interrupt's last line, printed as the gate closes. */
  public void writeLast(String line) throws IOException {
    synchronized (gate) {
      StringBuilder sb = new StringBuilder();
      char[] chars = line.toCharArray();
      map(chars, 0, chars.length, sb);
      delegate.write(sb.toString());
      delegate.flush();
    }
  }

  /** Flushes what was written before the gate closed (called as it closes). */
  public void flushNow() throws IOException {
    synchronized (gate) {
      delegate.flush();
    }
  }

  @Override
  public void flush() throws IOException {
    synchronized (gate) {
      if (!gate.isClosed()) delegate.flush();
    }
  }

  @Override
  public void close() throws IOException {
    flush();
  }
}
