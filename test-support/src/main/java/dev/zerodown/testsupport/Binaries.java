package dev.zerodown.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds executables on PATH and tells whether a Docker engine can stand in for them. */
public final class Binaries {
  private Binaries() {}

  /** The first executable named {@code name} on PATH, if any. */
  public static Optional<Path> onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) continue;
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
    }
    return Optional.empty();
  }

  /** True when Testcontainers can reach a Docker engine. Never throws. */
  public static boolean dockerAvailable() {
    if ("false".equalsIgnoreCase(System.getenv("ZERODOWN_TEST_DOCKER"))) return false;
    try {
      return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable t) {
      return false;
    }
  }
}
