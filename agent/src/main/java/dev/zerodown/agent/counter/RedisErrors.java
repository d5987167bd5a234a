package dev.zerodown.agent.counter;

import java.util.Locale;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * What a Redis failure means for the connection it happened on. Kept apart from the increment path so
 * that any way of sending commands (one INCR per request today, a batched INCRBY later) treats
 * failures alike.
 */
public final class RedisErrors {
  /** The kinds of failure, by what the caller must do with the connection. */
  public enum Kind {
    /**
     * The connection is broken or out of step (refused, reset, read timeout, TLS or AUTH failure while
     * connecting): drop it, and the other connections with it, since they lead to the same place.
     */
    CONNECTION,
    /**
     * The server is not (or not yet) the writable primary: {@code READONLY} (a demoted primary, now a
     * replica), {@code LOADING} (a restarted node reading its data), {@code MASTERDOWN} (a replica lost
     * its primary). After a failover the endpoint's name leads elsewhere: drop every connection so the
     * next ones resolve the name again.
     */
    NOT_PRIMARY,
    /** A reply error about the command itself (wrong type, …): the connection stays good. */
    COMMAND
  }

  private RedisErrors() {}

  public static Kind classify(Throwable e) {
    if (e instanceof JedisConnectionException) return Kind.CONNECTION;
    if (e instanceof JedisDataException) {
      String m = e.getMessage() == null ? "" : e.getMessage().toUpperCase(Locale.ROOT);
      if (m.startsWith("READONLY") || m.startsWith("LOADING") || m.startsWith("MASTERDOWN")) return Kind.NOT_PRIMARY;
      if (m.startsWith("NOAUTH") || m.startsWith("WRONGPASS") || m.startsWith("NOPERM")) return Kind.CONNECTION;
      return Kind.COMMAND;
    }
    return Kind.CONNECTION;
  }

  /**
   * The failure as one line for logs and {@code /ready}: the message of the deepest useful cause,
   * line breaks removed, and {@code secret} (the AUTH token) never shown even if a message echoed it.
   */
  public static String oneLine(Throwable e, String secret) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) m = e.getClass().getSimpleName();
    Throwable cause = e.getCause();
    if (cause != null && cause != e && cause.getMessage() != null && !m.contains(cause.getMessage())) {
      m = m + ": " + cause.getMessage();
    }
    m = m.replaceAll("[\\r\\n\\t]+", " ").trim();
    if (secret != null && !secret.isEmpty()) m = m.replace(secret, "***");
    return m.length() > 300 ? m.substring(0, 300) + "…" : m;
  }
}
