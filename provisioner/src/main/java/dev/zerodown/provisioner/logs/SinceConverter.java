package dev.zerodown.provisioner.logs;

import dev.zerodown.provisioner.probe.DurationConverter;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * How far back {@code logs} starts: the duration grammar of every option ({@link DurationConverter}: {@code 90s},
 * {@code 15m}, {@code 1h}) plus days ({@code 2d}), never zero.
 */
public final class SinceConverter implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern DAYS = Pattern.compile("(\\d{1,6})d");

  @Override
  public Duration convert(String value) {
    String v = value == null ? "" : value.strip();
    Matcher days = DAYS.matcher(v);
    Duration d;
    try {
      d = days.matches() ? Duration.ofDays(Long.parseLong(days.group(1))) : new DurationConverter().convert(v);
    } catch (CommandLine.TypeConversionException e) {
      d = Duration.ZERO;
    }
    if (d.isZero()) {
      throw new CommandLine.TypeConversionException("'" + value + "' is not a time span: use e.g. 90s, 15m, 1h or 2d");
    }
    return d;
  }
}
