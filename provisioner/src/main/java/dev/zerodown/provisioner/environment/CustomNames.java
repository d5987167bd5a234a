package dev.zerodown.provisioner.environment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The property that names a resource of each type when set, bundled as {@code custom-name-properties.txt} (lines
 * {@code <type> <property>}, {@code #} comments) next to the create-only properties: an AWS fact kept as data.
 */
final class CustomNames {
  static final String RESOURCE = "custom-name-properties.txt";
  private static final Map<String, String> BUNDLED = parse(read());

  private CustomNames() {}

  /** The name property of {@code type}, or empty when the templates' types list none for it. */
  static Optional<String> property(String type) {
    return Optional.ofNullable(BUNDLED.get(type));
  }

  /** Every type with its name property. */
  static Map<String, String> all() {
    return BUNDLED;
  }

  static Map<String, String> parse(String text) {
    Map<String, String> byType = new TreeMap<>();
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) continue;
      String[] parts = l.split("\\s+");
      if (parts.length != 2) throw new IllegalArgumentException("not '<type> <property>': " + line);
      byType.put(parts[0], parts[1]);
    }
    return Map.copyOf(byType);
  }

  private static String read() {
    try (InputStream in = CustomNames.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the class path");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
