package dev.zerodown.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where fixtures put their files (logs, Redis data, configuration): {@code target/processes/} of the module under
 * test, so they stay there to read after a failure and go with {@code mvn clean}, and a test run leaves nothing in
 * /tmp. Outside a Maven module (no {@code target/} in the working directory) the system temporary directory.
 */
public final class Scratch {
  private Scratch() {}

  /** The base directory (created if missing). */
  public static Path base() {
    Path target = Path.of("target");
    Path base = Files.isDirectory(target) ? target.resolve("processes") : Path.of(System.getProperty("java.io.tmpdir"));
    try {
      return Files.createDirectories(base);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new directory under {@link #base()} whose name starts with {@code prefix}. */
  public static Path newDirectory(String prefix) {
    try {
      return Files.createTempDirectory(base(), prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
