package io.clickflow.producer.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Formats event times as the contract spells them, {@code 2026-03-14T15:09:26.535Z}: always three
 * fraction digits and a {@code Z}. ISO_INSTANT would drop the fraction on whole seconds, which
 * makes lines of equal events differ in length and shape.
 *
 * <p>Written out by hand because a {@code DateTimeFormatter} costs more than the rest of an event's
 * serialisation; {@code EventTimesTest} checks it against the formatter.
 */
public final class EventTimes {

  /** Characters of a formatted time. */
  public static final int LENGTH = 24;

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private EventTimes() {}

  /** The formatted time, truncated to milliseconds. */
  public static String format(Instant time) {
    byte[] out = new byte[LENGTH];
    format(time.toEpochMilli(), out, 0);
    return new String(out, StandardCharsets.US_ASCII);
  }

  /**
   * Writes the time as ASCII into {@code out[at, at + 24)}.
   *
   * @throws IllegalArgumentException for years outside 0000-9999, which the contract cannot carry
   */
  public static void format(long epochMilli, byte[] out, int at) {
    long days = Math.floorDiv(epochMilli, MILLIS_PER_DAY);
    int millisOfDay = (int) Math.floorMod(epochMilli, MILLIS_PER_DAY);
    // Civil date from a day count (H. Hinnant, "chrono-compatible low-level date algorithms").
    long z = days + 719_468;
    long era = (z >= 0 ? z : z - 146_096) / 146_097;
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long shiftedMonth = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
    int month = (int) (shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999) {
      throw new IllegalArgumentException("event time out of range: " + epochMilli + " ms");
    }
    digits(out, at, (int) year, 4);
    out[at + 4] = '-';
    digits(out, at + 5, month, 2);
    out[at + 7] = '-';
    digits(out, at + 8, day, 2);
    out[at + 10] = 'T';
    digits(out, at + 11, millisOfDay / 3_600_000, 2);
    out[at + 13] = ':';
    digits(out, at + 14, millisOfDay / 60_000 % 60, 2);
    out[at + 16] = ':';
    digits(out, at + 17, millisOfDay / 1000 % 60, 2);
    out[at + 19] = '.';
    digits(out, at + 20, millisOfDay % 1000, 3);
    out[at + 23] = 'Z';
  }

  private static void digits(byte[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }
}
