package dev.zerodown.provisioner.environment;

import dev.zerodown.provisioner.error.UserException;
import java.util.regex.Pattern;

/** HOST:PORT of an existing Redis, checked. */
public record HostPort(String host, int port) {
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");

  public static HostPort parse(String option, String raw) {
    String s = raw == null ? "" : raw.trim();
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw UserException.usage(option + " must be HOST:PORT, e.g. my-redis.example.internal:6379: " + raw);
    }
    String host = s.substring(0, colon);
    if (!HOST.matcher(host).matches()) throw UserException.usage(option + " has an invalid host name: " + raw);
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535) throw UserException.usage(option + " port must be 1-65535: " + raw);
    return new HostPort(host, port);
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
