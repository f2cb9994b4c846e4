package io.clickflow.producer;

import java.time.Duration;
import java.util.Objects;

/**
 * When a landing file is full. A file rolls before a line would break the event or byte limit; a
 * single line larger than {@code maxBytes} still gets a file of its own, since lines are never
 * split.
 *
 * @param maxEvents lines per file
 * @param maxBytes uncompressed bytes per file; a gzip file is therefore always smaller
 * @param maxAge how long a file may collect lines before it is published anyway. It applies to live
 *     runs only (see {@link ProducerConfig#live()}): at a slow {@code --rate} a file would
 *     otherwise take hours to fill, while a batch run cuts by size alone so that its files stay the
 *     same from one run to the next.
 */
public record BatchLimits(int maxEvents, long maxBytes, Duration maxAge) {

  public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(30);

  /** Files are built in memory, in one array each; 1 GiB is far beyond any sensible file. */
  public static final long MAX_BYTES = 1L << 30;

  public static final BatchLimits DEFAULT =
      new BatchLimits(5000, 8L * 1024 * 1024, DEFAULT_MAX_AGE);

  public BatchLimits {
    if (maxEvents < 1) {
      throw new IllegalArgumentException(
          "max events per file must be at least 1, got " + maxEvents);
    }
    if (maxBytes < 1 || maxBytes > MAX_BYTES) {
      throw new IllegalArgumentException(
          "max bytes per file must be in [1, " + MAX_BYTES + "], got " + maxBytes);
    }
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.toMillis() < 1) {
      throw new IllegalArgumentException("max file age must be at least 1ms, got " + maxAge);
    }
  }

  /** Limits by size only, with the default age. */
  public BatchLimits(int maxEvents, long maxBytes) {
    this(maxEvents, maxBytes, DEFAULT_MAX_AGE);
  }
}
