package dev.zerodown.provisioner;

import dev.zerodown.provisioner.host.Host;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs the CLI in-process with captured writers, as a test would from a shell. */
public final class Cli {
  private Cli() {}

  /** Exit code and what went to standard output and standard error. */
  public record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  /** No TTY, the test environment's variables, fast polls, and a checkip address nothing listens on. */
  public static Host host() {
    return host(false, "");
  }

  public static Host host(boolean interactive, String input) {
    return host(interactive, input, Map.of());
  }

  public static Host host(boolean interactive, String input, Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(extraEnv);
    return new Host(env, interactive, new BufferedReader(new StringReader(input)), Duration.ofMillis(20),
        URI.create("http://127.0.0.1:1/"));
  }

  /** {@link #host()} whose poll loops give up on an unavailable AWS after {@code awsPatience} instead of 2 minutes. */
  public static Host host(Duration awsPatience) {
    return new Host(new HashMap<>(System.getenv()), false, new BufferedReader(new StringReader("")), Duration.ofMillis(20),
        URI.create("http://127.0.0.1:1/"), awsPatience);
  }

  /** {@link #host()} whose standard output and error encode with {@code charset} (US-ASCII: LC_ALL=C). */
  public static Host host(java.nio.charset.Charset charset) {
    return new Host(new HashMap<>(System.getenv()), false, new BufferedReader(new StringReader("")), Duration.ofMillis(20),
        URI.create("http://127.0.0.1:1/"), Host.AWS_PATIENCE, charset);
  }

  public static Result run(String... args) {
    return run(host(), args);
  }

  public static Result run(Host host, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = ZerodownCommand.commandLine(host, out, err);
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
