package dev.zerodown.provisioner.probe;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the instance id and counter out of a hello.py body ({@code counter: 42<br />}, {@code Id: i-…}). */
public final class HelloPage {
  private static final Pattern COUNTER = Pattern.compile("counter:\\s*(\\d{1,18})(?!\\d)");
  private static final Pattern ID = Pattern.compile("(?m)^\\s*Id:\\s*(\\S+)\\s*$");

  /** The two values the hello page carries. */
  public record Reading(String instanceId, long counter) {}

  private HelloPage() {}

  /** The reading, or empty when the body is not a hello page. */
  public static Optional<Reading> read(String body) {
    if (body == null) return Optional.empty();
    Matcher c = COUNTER.matcher(body);
    Matcher id = ID.matcher(body);
    if (!c.find() || !id.find()) return Optional.empty();
    return Optional.of(new Reading(id.group(1), Long.parseLong(c.group(1))));
  }
}
