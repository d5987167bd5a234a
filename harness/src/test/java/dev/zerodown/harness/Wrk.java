package dev.zerodown.harness;

import dev.zerodown.testsupport.Binaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk as the load generator of a spike: {@code connections} keep-alive connections to one loopback URL for a
 * fixed time, each sending its next request as soon as the last one is answered. A Lua hook counts every
 * response by status. wrk needs a file descriptor per connection, so its soft limit is raised first as far
 * as the hard limit allows (the test fails with what to do when that is not enough).
 */
final class Wrk {
  /** wrk's own files, sockets to the agent's other ports, and stdio. */
  static final int FD_HEADROOM = 64;
  private static final String LUA = """
      local threads = {}
      function setup(thread) table.insert(threads, thread) end
      function init(args) counts = {} end
      function response(status, headers, body) counts[status] = (counts[status] or 0) + 1 end
      function done(summary, latency, requests)
        local all = {}
        for _, t in ipairs(threads) do
          for k, v in pairs(t:get("counts")) do all[k] = (all[k] or 0) + v end
        end
        local s = "statuses:"
        for k, v in pairs(all) do s = s .. " " .. k .. "=" .. v end
        io.write(s .. "\\n")
        local e = summary.errors
        io.write(string.format("socket errors: connect=%d read=%d write=%d timeout=%d\\n",
          e.connect, e.read, e.write, e.timeout))
      end
      """;
  private static final Pattern STATUS = Pattern.compile("(\\d{3})=(\\d+)");
  private static final Pattern ERRORS = Pattern.compile("socket errors: connect=(\\d+) read=(\\d+) write=(\\d+) timeout=(\\d+)");

  private Wrk() {}

  /** What wrk saw; {@code endNanos} is when the wrk process was seen to exit (its connections closed). */
  record Result(Map<Integer, Long> statuses, long connectErrors, long readErrors, long writeErrors, long timeouts,
      long endNanos, String output) {
    long count(int status) {
      return statuses.getOrDefault(status, 0L);
    }

    long responses() {
      return statuses.values().stream().mapToLong(Long::longValue).sum();
    }

    long otherThan(int... allowed) {
      long n = responses();
      for (int a : allowed) n -= count(a);
      return n;
    }

    long socketErrors() {
      return connectErrors + readErrors + writeErrors + timeouts;
    }
  }

  /** The hard limit on open files for processes this JVM starts (ulimit -Hn). */
  static int hardFdLimit() {
    String out = sh("ulimit -Hn").strip();
    return "unlimited".equals(out) ? Integer.MAX_VALUE : Integer.parseInt(out);
  }

  static Result run(int port, String path, int connections, Duration duration, Path dir) {
    if (Binaries.onPath("wrk").isEmpty()) {
      throw new IllegalStateException("The overload scenario needs wrk on PATH: apt-get install -y wrk");
    }
    int needed = connections + FD_HEADROOM;
    int hard = hardFdLimit();
    if (hard < needed) {
      throw new IllegalStateException("wrk needs " + needed + " open files for " + connections
          + " connections but the hard limit is " + hard + ": raise it (ulimit -Hn, or LimitNOFILE for a service)");
    }
    try {
      Files.createDirectories(dir);
      Path lua = dir.resolve("status.lua");
      Files.writeString(lua, LUA, StandardCharsets.UTF_8);
      Path out = dir.resolve("wrk-" + connections + ".txt");
      String cmd = "ulimit -n " + needed + " && exec wrk -t2 -c" + connections + " -d" + duration.toSeconds()
          + "s --timeout 10s -s " + lua + " http://127.0.0.1:" + port + path;
      Process p = new ProcessBuilder("bash", "-c", cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new IllegalStateException("wrk did not end within " + duration.plusSeconds(30) + ": " + cmd);
      }
      long end = System.nanoTime();
      String text = Files.readString(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) throw new IllegalStateException("wrk exited " + p.exitValue() + ": " + text);
      return parse(text, end);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Result parse(String text, long endNanos) {
    Map<Integer, Long> statuses = new TreeMap<>();
    long[] errors = new long[4];
    for (String line : text.split("\n")) {
      if (line.startsWith("statuses:")) {
        Matcher m = STATUS.matcher(line);
        while (m.find()) statuses.merge(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)), Long::sum);
      }
      Matcher e = ERRORS.matcher(line);
      if (e.find()) for (int i = 0; i < 4; i++) errors[i] = Long.parseLong(e.group(i + 1));
    }
    if (!text.contains("statuses:")) throw new IllegalStateException("wrk printed no status counts: " + text);
    return new Result(statuses, errors[0], errors[1], errors[2], errors[3], endNanos, text);
  }

  private static String sh(String command) {
    try {
      Process p = new ProcessBuilder(List.of("bash", "-c", command)).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(10, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
