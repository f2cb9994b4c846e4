package io.clickflow.monitoring;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses durations the way people type them ({@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}), or
 * ISO-8601 ({@code PT5S}).
 */
final class DurationConverter implements ITypeConverter<Duration> {

  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

  @Override
  public Duration convert(String value) {
    String text = value.trim();
    Matcher matcher = SHORT.matcher(text);
    Duration duration;
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      duration =
          switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
          };
    } else {
      try {
        duration = Duration.parse(text);
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a duration; use e.g. 500ms, 5s, 2m, 1h or PT5S");
      }
    }
    if (duration.isNegative()) {
      throw new TypeConversionException("'" + value + "' is negative; a duration must be >= 0");
    }
    return duration;
  }
}
