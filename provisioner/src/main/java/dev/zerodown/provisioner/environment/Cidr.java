package dev.zerodown.provisioner.environment;

import dev.zerodown.provisioner.error.UserException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IPv4 CIDR block, checked: four octets 0-255, prefix 0-32, no host bits set. */
public record Cidr(String text) {
  private static final Pattern FORM = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:/(\\d{1,2}))?");

  /** Parses {@code raw} ("203.0.113.7/32"; a bare address means /32) or fails naming {@code option}. */
  public static Cidr parse(String option, String raw) {
    String s = raw == null ? "" : raw.trim();
    Matcher m = FORM.matcher(s);
    if (!m.matches()) {
      throw UserException.usage(option + " must be an IPv4 CIDR such as 203.0.113.7/32: " + raw);
    }
    long address = 0;
    for (int i = 1; i <= 4; i++) {
      int octet = Integer.parseInt(m.group(i));
      if (octet > 255) throw UserException.usage(option + " has an octet above 255: " + raw);
      address = (address << 8) | octet;
    }
    int prefix = m.group(5) == null ? 32 : Integer.parseInt(m.group(5));
    if (prefix > 32) throw UserException.usage(option + " prefix must be 0-32: " + raw);
    long hostMask = prefix == 32 ? 0 : (1L << (32 - prefix)) - 1;
    if ((address & hostMask) != 0) {
      throw UserException.usage(option + " has host bits set; did you mean " + format(address & ~hostMask & 0xffffffffL)
          + "/" + prefix + "? " + raw);
    }
    return new Cidr(format(address) + "/" + prefix);
  }

  /** The prefix length, 0-32. */
  public int prefix() {
    return Integer.parseInt(text.substring(text.indexOf('/') + 1));
  }

  /** True when the IPv4 address {@code ipv4} ("10.1.2.3") lies inside this block. */
  public boolean contains(String ipv4) {
    long mask = prefix() == 0 ? 0 : (0xffffffffL << (32 - prefix())) & 0xffffffffL;
    return (address(ipv4) & mask) == (address(text.substring(0, text.indexOf('/'))) & mask);
  }

  private static long address(String dotted) {
    long a = 0;
    for (String octet : dotted.split("\\.")) a = (a << 8) | Integer.parseInt(octet);
    return a;
  }

  private static String format(long a) {
    return ((a >> 24) & 255) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255);
  }

  @Override
  public String toString() {
    return text;
  }
}
