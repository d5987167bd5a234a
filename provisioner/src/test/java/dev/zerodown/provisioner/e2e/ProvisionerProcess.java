package dev.zerodown.provisioner.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The provisioner as a separate JVM (the test's classpath, dev.zerodown.provisioner.Main), environment given explicitly. */
final class ProvisionerProcess {
  private ProvisionerProcess() {}

  static Process start(Map<String, String> env, Path out, Path err, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.zerodown.provisioner.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().clear();
    pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    pb.environment().putAll(env);
    return pb.start();
  }
}
