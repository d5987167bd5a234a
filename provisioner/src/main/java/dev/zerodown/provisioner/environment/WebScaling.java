package dev.zerodown.provisioner.environment;

import dev.zerodown.provisioner.error.UserException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The web group's size and its scaling targets, as the web stack's parameters (docs/stacks.md): at least
 * {@value #FLOOR} instances (the zero-downtime floor), a maximum above the minimum (a rolling update adds its new
 * instance before an old one leaves), and the targets of the two target-tracking policies. {@code sizesGiven}:
 * the sizes came from the command line; otherwise deploy keeps those of the deployed stack (a {@code scale} is
 * not undone by the next deploy) and falls back to the defaults on a first deploy.
 */
public record WebScaling(int minSize, int maxSize, int targetRequestsPerInstance, int targetCpu, boolean sizesGiven) {
  /** The fewest instances the group may have: one may be replaced or fail while another serves. */
  public static final int FLOOR = 2;
  public static final int DEFAULT_MIN = 2;
  public static final int DEFAULT_MAX = 4;
  /** Requests per instance per minute; why 3000: cloudformation/web.yaml, RequestCountScalingPolicy. */
  public static final int DEFAULT_TARGET_REQUESTS = 3000;
  public static final int DEFAULT_TARGET_CPU = 60;
  /** The template's MaxValue of WebMinSize and WebMaxSize. */
  public static final int CEILING = 100;
  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,9}");

  public static WebScaling defaults() {
    return new WebScaling(DEFAULT_MIN, DEFAULT_MAX, DEFAULT_TARGET_REQUESTS, DEFAULT_TARGET_CPU, false);
  }

  /**
   * deploy's, plan's and synth's options, checked before any AWS call: {@code min}/{@code max} null when not
   * given (both default then, and deploy keeps the deployed ones), the targets null for their defaults.
   */
  public static WebScaling of(String min, String max, String targetRequests, String targetCpu) {
    boolean given = min != null || max != null;
    int[] sizes = sizes("--web-min-size", min == null ? String.valueOf(DEFAULT_MIN) : min,
        "--web-max-size", max == null ? String.valueOf(DEFAULT_MAX) : max);
    int requests = targetRequests == null ? DEFAULT_TARGET_REQUESTS
        : bounded("--target-requests-per-instance", targetRequests, 60, 1_000_000, "requests per instance per minute");
    int cpu = targetCpu == null ? DEFAULT_TARGET_CPU : bounded("--target-cpu", targetCpu, 10, 90, "percent");
    return new WebScaling(sizes[0], sizes[1], requests, cpu, given);
  }

  /**
   * A minimum and a maximum checked together, or a one-line usage error naming the option: whole numbers, the
   * minimum at least {@value #FLOOR}, the maximum above the minimum, both at most {@value #CEILING}.
   */
  public static int[] sizes(String minOption, String min, String maxOption, String max) {
    int lo = minimum(minOption, min);
    int hi = maximum(maxOption, max);
    if (hi <= lo) {
      throw UserException.usage(maxOption + " must be greater than " + minOption + " (a rolling update adds its new "
          + "instance before an old one leaves): " + minOption + " " + lo + " " + maxOption + " " + hi);
    }
    return new int[] {lo, hi};
  }

  /** A minimum on its own: a whole number, at least {@value #FLOOR}; else a one-line usage error naming the option. */
  public static int minimum(String option, String raw) {
    int lo = number(option, raw);
    if (lo < FLOOR) {
      throw UserException.usage(option + " must be at least " + FLOOR + " (the zero-downtime floor: one instance "
          + "can be replaced while another serves): " + raw);
    }
    return lo;
  }

  /** A maximum on its own: a whole number, at most {@value #CEILING}; else a one-line usage error naming the option. */
  public static int maximum(String option, String raw) {
    int hi = number(option, raw);
    if (hi > CEILING) throw UserException.usage(option + " must be at most " + CEILING + ": " + raw);
    return hi;
  }

  private static int number(String option, String raw) {
    String s = raw == null ? "" : raw.strip();
    if (!NUMBER.matcher(s).matches()) {
      throw UserException.usage(option + " must be a whole number of instances: " + raw);
    }
    return Integer.parseInt(s);
  }

  private static int bounded(String option, String raw, int lo, int hi, String unit) {
    String s = raw.strip();
    int v = NUMBER.matcher(s).matches() ? Integer.parseInt(s) : -1;
    if (v < lo || v > hi) {
      throw UserException.usage(option + " must be a whole number from " + lo + " to " + hi + " (" + unit + "): " + raw);
    }
    return v;
  }

  /**
   * The sizes to deploy: those given, else the deployed stack's (kept, so a {@code scale} survives a deploy),
   * else the defaults. The targets always come from the options.
   */
  public WebScaling keeping(Optional<Map<String, String>> deployed) {
    if (sizesGiven || deployed.isEmpty()) return this;
    Map<String, String> p = deployed.get();
    String min = p.get("WebMinSize");
    String max = p.get("WebMaxSize");
    if (min == null || max == null || !NUMBER.matcher(min).matches() || !NUMBER.matcher(max).matches()) return this;
    return new WebScaling(Integer.parseInt(min), Integer.parseInt(max), targetRequestsPerInstance, targetCpu, false);
  }

  /** The web stack's scaling parameters. */
  public void putParameters(Map<String, String> p) {
    p.put("WebMinSize", String.valueOf(minSize));
    p.put("WebMaxSize", String.valueOf(maxSize));
    p.put("TargetRequestsPerInstance", String.valueOf(targetRequestsPerInstance));
    p.put("TargetCpuUtilization", String.valueOf(targetCpu));
  }
}
