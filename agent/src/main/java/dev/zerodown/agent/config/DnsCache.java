package dev.zerodown.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * The JVM's DNS cache lifetimes, so that the Redis endpoint's name follows a failover within seconds.
 *
 * <p>{@code networkaddress.cache.ttl} and {@code networkaddress.cache.negative.ttl} are <em>security</em>
 * properties: as {@code -D} system properties they do nothing, and the JVM keeps 30 s for answers and
 * 10 s for failed lookups. They are read once, at the first lookup, so {@link #apply()} runs first thing
 * in {@code main}, and only where the user did not choose: a value in a {@code -Djava.security.properties}
 * file, the JDK's legacy {@code -Dsun.net.inetaddr.ttl} / {@code -Dsun.net.inetaddr.negative.ttl}, or an
 * edit of the JDK's own {@code java.security} (for the positive TTL, which it ships unset). A {@code -D}
 * of the security property's own name is taken as the user's value and applied the way that works.
 */
public final class DnsCache {
  public static final String TTL = "networkaddress.cache.ttl";
  public static final String NEGATIVE_TTL = "networkaddress.cache.negative.ttl";
  /**
   * 5 s: ElastiCache moves the primary endpoint's record to the promoted replica; every second the old
   * answer stays cached is a second of 503s after a failover.
   */
  static final String DEFAULT_TTL = "5";
  /** 1 s: a failed lookup during the record's move must not keep hello.py at 503 for the JDK's 10 s. */
  static final String DEFAULT_NEGATIVE_TTL = "1";

  private DnsCache() {}

  /** Sets the lifetimes in this JVM; returns what was set, e.g. {@code [networkaddress.cache.ttl=5]}. */
  public static List<String> apply() {
    List<String> set = decide(Security::getProperty, System::getProperty);
    for (String kv : set) {
      int eq = kv.indexOf('=');
      Security.setProperty(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return set;
  }

  /** What to set, given the security and system properties as they are (tests pass their own). */
  static List<String> decide(UnaryOperator<String> security, UnaryOperator<String> system) {
    Properties userFile = userSecurityFile(system.apply("java.security.properties"));
    List<String> set = new ArrayList<>();
    choose(set, TTL, DEFAULT_TTL, "sun.net.inetaddr.ttl", security.apply(TTL) != null, userFile, system);
    // The JDK ships negative.ttl=10 in java.security, so its presence there says nothing about the user.
    choose(set, NEGATIVE_TTL, DEFAULT_NEGATIVE_TTL, "sun.net.inetaddr.negative.ttl", false, userFile, system);
    return set;
  }

  private static void choose(List<String> set, String name, String fallback, String legacy, boolean inJdkFile,
      Properties userFile, UnaryOperator<String> system) {
    if (system.apply(legacy) != null || userFile.containsKey(name) || inJdkFile) return;
    String asSystemProperty = system.apply(name);
    set.add(name + "=" + (asSystemProperty != null && asSystemProperty.matches("-?\\d+") ? asSystemProperty : fallback));
  }

  /** The user's {@code -Djava.security.properties} file (a path or a URL; "=file" replaces the JDK's). */
  private static Properties userSecurityFile(String location) {
    Properties p = new Properties();
    if (location == null || location.isBlank()) return p;
    String loc = location.startsWith("=") ? location.substring(1) : location;
    try (InputStream in = loc.contains(":/") ? URI.create(loc).toURL().openStream() : Files.newInputStream(Path.of(loc))) {
      p.load(in);
    } catch (IOException | IllegalArgumentException e) {
      // the JDK ignores an unreadable file too; then the user has set nothing we can see
    }
    return p;
  }
}
