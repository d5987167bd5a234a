package dev.zerodown.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The JVM options agent processes get: the systemd unit's argfile when the checkout has one, sized
 * as on the instance it is written for. Its heap is a percentage of RAM, so {@code -XX:MaxRAM=1g}
 * makes the JVM size itself like a 1 GiB t3.micro rather than like this machine.
 */
final class JvmOptions {
  static final String INSTANCE_RAM = "-XX:MaxRAM=1g";
  /** Used when userdata/agent-jvm.options is missing: small, bounded heap like a small instance. */
  static final List<String> FALLBACK = List.of(INSTANCE_RAM, "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=50");

  private JvmOptions() {}

  static List<String> forAgent(Path argfile) {
    return Files.isRegularFile(argfile) ? List.of(INSTANCE_RAM, "@" + argfile.toAbsolutePath().normalize()) : FALLBACK;
  }
}
