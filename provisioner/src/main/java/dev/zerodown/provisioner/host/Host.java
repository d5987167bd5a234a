package dev.zerodown.provisioner.host;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * What the process gets from the machine it runs on: environment variables (read here and nowhere
 * else), whether a person sits at a terminal, standard input, the charset of standard output and error, and the
 * pacing of polls. Tests build one with their own values.
 */
public final class Host {
  private final Map<String, String> env;
  private final boolean interactive;
  private final BufferedReader input;
  private final Duration pollInterval;
  private final URI checkIpUri;
  private final Duration awsPatience;
  private final Charset charset;
  private final InFlight inFlight = new InFlight();
  private final OutputGate gate = new OutputGate();

  /** How long a poll loop keeps retrying AWS through throttling, 5xx and network errors before giving up. */
  public static final Duration AWS_PATIENCE = Duration.ofMinutes(2);

  public Host(Map<String, String> env, boolean interactive, BufferedReader input, Duration pollInterval, URI checkIpUri) {
    this(env, interactive, input, pollInterval, checkIpUri, AWS_PATIENCE);
  }

  public Host(Map<String, String> env, boolean interactive, BufferedReader input, Duration pollInterval, URI checkIpUri,
      Duration awsPatience) {
    this(env, interactive, input, pollInterval, checkIpUri, awsPatience, StandardCharsets.UTF_8);
  }

  public Host(Map<String, String> env, boolean interactive, BufferedReader input, Duration pollInterval, URI checkIpUri,
      Duration awsPatience, Charset charset) {
    this.charset = charset;
    this.env = Map.copyOf(env);
    this.interactive = interactive;
    this.input = input;
    this.pollInterval = pollInterval;
    this.checkIpUri = checkIpUri;
    this.awsPatience = awsPatience;
  }

  /**
   * The real machine: System.getenv, a TTY when System.console() is present, 2 s polls, AWS's checkip service, and
   * the charset standard output encodes with (the locale's: US-ASCII under LC_ALL=C).
   */
  public static Host system() {
    return new Host(System.getenv(), System.console() != null,
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
        Duration.ofSeconds(2), URI.create("https://checkip.amazonaws.com/"), AWS_PATIENCE, stdoutCharset());
  }

  /** stdout.encoding (Java 19+), else sun.stdout.encoding, else the default charset: what System.out encodes with. */
  private static Charset stdoutCharset() {
    for (String property : new String[] {"stdout.encoding", "sun.stdout.encoding"}) {
      String name = System.getProperty(property);
      try {
        if (name != null && !name.isBlank()) return Charset.forName(name);
      } catch (RuntimeException unknown) {
        // fall through to the default
      }
    }
    return Charset.defaultCharset();
  }

  public String env(String name) {
    return env.get(name);
  }

  /** True when standard input and output are a terminal: prompts are possible and progress is redrawn. */
  public boolean interactive() {
    return interactive;
  }

  public BufferedReader input() {
    return input;
  }

  public Duration pollInterval() {
    return pollInterval;
  }

  public URI checkIpUri() {
    return checkIpUri;
  }

  /** How long AWS may stay unavailable (throttling, 5xx, network) inside a poll loop: 2 minutes; tests shorten it. */
  public Duration awsPatience() {
    return awsPatience;
  }

  /** The charset standard output and error are written in; text it cannot encode is printed in ASCII. */
  public Charset charset() {
    return charset;
  }

  /** What the process has started that goes on without it: what an interrupt names. */
  public InFlight inFlight() {
    return inFlight;
  }

  /** Closed by an interrupt's last line: nothing is printed after it. */
  public OutputGate gate() {
    return gate;
  }
}
