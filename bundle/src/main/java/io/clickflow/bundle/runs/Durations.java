package io.clickflow.bundle.runs;

import java.time.Duration;

/** Short human durations for run lines: {@code 45s}, {@code 4m 12s}, {@code 1h 02m}. */
final class Durations {
  private Durations() {}

  static String format(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format("%dm %02ds", seconds / 60, seconds % 60);
    }
    return String.format("%dh %02dm", seconds / 3600, (seconds % 3600) / 60);
  }
}
