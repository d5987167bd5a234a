package dev.zerodown.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The benchmark script stays runnable: {@code bench/run --smoke} (1 s of wrk per cell) passes its checks. */
class BenchSmokeIT {

  @Test
  void bench_smoke_run_sees_no_errors_and_a_consistent_counter() throws IOException, InterruptedException {
    Path root = Path.of(System.getProperty("zerodown.root", "..")).toAbsolutePath().normalize();
    Path dir = Path.of(System.getProperty("zerodown.harnessDir", "target/harness")).toAbsolutePath().resolveSibling("bench-smoke");
    Files.createDirectories(dir);
    Path log = dir.resolve("run.log");
    ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("bench/run").toString(), "--smoke")
        .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("BENCH_DIR", dir.toString());
    Process p = pb.start();
    boolean done = p.waitFor(180, TimeUnit.SECONDS);
    if (!done) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    String out = Files.readString(log, StandardCharsets.UTF_8);
    System.out.println(out);
    assertThat(done).as("bench/run --smoke finished within 180 s").isTrue();
    assertThat(p.exitValue()).as("bench/run --smoke exit code; output:%n%s", out).isZero();
    assertThat(out).contains("bench smoke ok");
  }
}
