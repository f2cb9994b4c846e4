package io.clickflow.contract;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The duration syntax every clickflow command accepts: the way people type them ({@code 500ms},
 * {@code 90s}, {@code 15m}, {@code 6h}, {@code 2d}) or ISO-8601 ({@code PT1H30M}).
 */
public final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  /**
   * @throws IllegalArgumentException naming the value and the accepted forms; negative durations
   *     are refused
   */
  public static Duration parse(String value) {
    String text = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    Matcher matcher = SHORT.matcher(text);
    Duration duration;
    try {
      if (matcher.matches()) {
        long amount = Long.parseLong(matcher.group(1));
        duration =
            switch (matcher.group(2)) {
              case "ms" -> Duration.ofMillis(amount);
              case "s" -> Duration.ofSeconds(amount);
              case "m" -> Duration.ofMinutes(amount);
              case "h" -> Duration.ofHours(amount);
              default -> Duration.ofDays(amount);
            };
      } else {
        duration = Duration.parse(text.toUpperCase(Locale.ROOT));
      }
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + value + "' is not a duration; use e.g. 500ms, 90s, 15m, 6h, 2d or PT1H30M");
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException("'" + value + "' is negative; a duration must be >= 0");
    }
    return duration;
  }
}
