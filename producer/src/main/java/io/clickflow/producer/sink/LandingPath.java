package io.clickflow.producer.sink;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A landing file's path relative to the sink's root, e.g. {@code 2026/11/22/13/p1-000042.json}. The
 * name is a pure function of (publish hour, producer id, sequence), so a retried publish targets
 * the same file and cannot create a second copy.
 *
 * @param value forward-slash separated, relative, with no segment that a reader would ignore
 */
public record LandingPath(String value) {

  /** Producer ids end up in file names and metric-free logs; keep them boring. */
  public static final Pattern PRODUCER_ID = Pattern.compile("[a-z0-9-]+");

  private static final DateTimeFormatter HOUR_DIRECTORY =
      DateTimeFormatter.ofPattern("uuuu/MM/dd/HH").withZone(ZoneOffset.UTC);
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  public LandingPath {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("landing path must not be empty");
    }
    for (String segment : value.split("/", -1)) {
      // A leading '_' or '.' marks temp files, which Spark's file source skips; ".." escapes root.
      if (!SEGMENT.matcher(segment).matches() || segment.equals("..")) {
        throw new IllegalArgumentException(
            "landing path '" + value + "' has an invalid segment '" + segment + "'");
      }
    }
  }

  /**
   * The landing file of one batch.
   *
   * @param publishTime when the batch is published (not an event time): it picks the hour folder
   * @param sequence the producer's file counter, starting at 1
   */
  public static LandingPath of(
      Instant publishTime, String producerId, long sequence, boolean gzip) {
    if (producerId == null || !PRODUCER_ID.matcher(producerId).matches()) {
      throw new IllegalArgumentException(
          "producer id must match " + PRODUCER_ID.pattern() + ", got '" + producerId + "'");
    }
    if (sequence < 1) {
      throw new IllegalArgumentException("file sequence starts at 1, got " + sequence);
    }
    return new LandingPath(
        HOUR_DIRECTORY.format(publishTime)
            + "/"
            + producerId
            + "-"
            + String.format("%06d", sequence)
            + (gzip ? ".json.gz" : ".json"));
  }

  /**
   * The sequence in a landing file name of this producer, e.g. 42 for {@code p1-000042.json}, or -1
   * when the name is not one of this producer's landing files.
   */
  public static long sequenceOf(String fileName, String producerId) {
    Matcher m = FILE_NAME.matcher(fileName);
    return m.matches() && m.group(1).equals(producerId) ? Long.parseLong(m.group(2)) : -1;
  }

  private static final Pattern FILE_NAME = Pattern.compile("([a-z0-9-]+)-(\\d{6,})\\.json(\\.gz)?");

  /** The last segment, the file name itself. */
  public String fileName() {
    return value.substring(value.lastIndexOf('/') + 1);
  }

  @Override
  public String toString() {
    return value;
  }
}
