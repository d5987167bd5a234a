package dev.zerodown.provisioner.cli;

import dev.zerodown.provisioner.probe.DurationConverter;
import dev.zerodown.provisioner.probe.Prober;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * How verify and drill probe the hello page: where, how often, and within what time. The two verbs probe for
 * different lengths of time, so each has its own defaults in {@link Defaults}, its picocli default provider
 * ({@code --help} shows them through {@code ${DEFAULT-VALUE}}).
 */
public final class ProbeOptions {
  @Option(names = "--url", paramLabel = "URL",
      description = "Probe this URL (a bare host means its /cgi-bin/hello.py) instead of the load balancer URL "
          + "from the network stack.")
  String url;

  @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Time between the starts of two requests (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--request-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Time budget for one request (default: ${DEFAULT-VALUE}).")
  Duration requestTimeout;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Time budget for the whole run (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  /** True when --url was given: the verb probes it rather than the deployed load balancer. */
  public boolean hasUrl() {
    return url != null;
  }

  /** The probe target: --url when given, else {@code loadBalancerUrl}; refuses what is not http(s) (exit 2). */
  public URI target(String loadBalancerUrl) {
    return Prober.target(url != null ? url : loadBalancerUrl);
  }

  public Duration interval() {
    return interval;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  public Duration timeout() {
    return timeout;
  }

  /**
   * Each verb's probe defaults, for picocli ({@code defaultValueProvider = ProbeOptions.Defaults.class}): interval,
   * request timeout, whole-run timeout.
   * <ul>
   * <li>verify: 50 requests 100 ms apart take 5 s; 60 s leaves room for slow answers within the 5 s request budget.
   * <li>drill: a probe every 200 ms places the failure window to a fifth of a second; 15 min covers a replacement
   * instance's boot, its health checks and its registration with the load balancer, or an ElastiCache failover
   * with its recovery.
   * </ul>
   */
  public static final class Defaults implements IDefaultValueProvider {
    private static final Map<String, List<String>> BY_VERB = Map.of(
        "verify", List.of("100ms", "5s", "60s"),
        "drill", List.of("200ms", "5s", "15m"));
    private static final List<String> OPTIONS = List.of("--interval", "--request-timeout", "--timeout");

    @Override
    public String defaultValue(ArgSpec arg) {
      if (!(arg instanceof OptionSpec o) || !OPTIONS.contains(o.longestName())) return null;
      List<String> defaults = BY_VERB.get(o.command().name());
      if (defaults == null) throw new IllegalStateException("no probe defaults for " + o.command().name());
      return defaults.get(OPTIONS.indexOf(o.longestName()));
    }
  }
}
