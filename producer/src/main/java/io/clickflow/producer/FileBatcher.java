package io.clickflow.producer;

import io.clickflow.producer.sink.LandingPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * Collects one producer's NDJSON lines into landing files and hands each file to the {@link
 * FileQueue} once it is full, or once it is old enough when {@code rollOnAge}. The file's path is
 * fixed when the file is cut, from the clock at that moment, so a retry of the same file reuses the
 * same path. The buffer is kept from file to file, so a steady run allocates nothing but each
 * finished file.
 */
final class FileBatcher implements LineSink {

  private static final int INITIAL_BUFFER = 64 * 1024;

  private final BatchLimits limits;
  private final boolean gzip;
  private final String producerId;
  private final long lastSequence;
  private final boolean rollOnAge;
  private final Clock clock;
  private final FileQueue queue;
  private byte[] buffer;
  private int size;
  private int bufferedLines;
  private long firstLineMillis;
  private long filesCut;
  private long linesCut;

  /**
   * @param lastSequence the producer's highest sequence already in the sink; files continue after
   *     it
   * @param rollOnAge whether files also roll on {@link BatchLimits#maxAge()}
   */
  FileBatcher(
      BatchLimits limits,
      boolean gzip,
      String producerId,
      long lastSequence,
      boolean rollOnAge,
      Clock clock,
      FileQueue queue) {
    this.limits = limits;
    this.gzip = gzip;
    this.producerId = producerId;
    this.lastSequence = lastSequence;
    this.rollOnAge = rollOnAge;
    this.clock = clock;
    this.queue = queue;
    this.buffer = new byte[(int) Math.min(INITIAL_BUFFER, limits.maxBytes() + 1)];
  }

  /** Adds one line; cuts the current file first if the line would make it too large. */
  @Override
  public void line(byte[] bytes, int offset, int length) throws InterruptedException {
    boolean full =
        bufferedLines >= limits.maxEvents() || (long) size + length + 1 > limits.maxBytes();
    if (bufferedLines > 0 && full) {
      flush();
    }
    if (bufferedLines == 0 && rollOnAge) {
      firstLineMillis = clock.millis();
    }
    ensure(length + 1);
    System.arraycopy(bytes, offset, buffer, size, length);
    size += length;
    buffer[size++] = '\n';
    bufferedLines++;
  }

  /** Cuts the current file if it has lines and has reached its age limit. */
  void rollIfDue(long nowMillis) throws InterruptedException {
    if (bufferedLines > 0 && nowMillis >= dueMillis()) {
      flush();
    }
  }

  /** When the current file rolls on age: never without lines or without {@code rollOnAge}. */
  long dueMillis() {
    if (bufferedLines == 0 || !rollOnAge) {
      return Long.MAX_VALUE;
    }
    return firstLineMillis + limits.maxAge().toMillis();
  }

  /** Hands over what is buffered, if anything. */
  void flush() throws InterruptedException {
    if (bufferedLines == 0) {
      return;
    }
    Instant cutAt = clock.instant();
    LandingPath path = LandingPath.of(cutAt, producerId, lastSequence + filesCut + 1, gzip);
    byte[] content = gzip ? gzip(buffer, size) : Arrays.copyOf(buffer, size);
    PendingFile file = new PendingFile(path, content, bufferedLines);
    queue.put(file);
    filesCut++;
    linesCut += bufferedLines;
    size = 0;
    bufferedLines = 0;
  }

  long filesCut() {
    return filesCut;
  }

  long linesCut() {
    return linesCut;
  }

  /**
   * Compressed here, on the producer's own thread, rather than by the single publishing thread:
   * gzip costs far more than generating, and so it scales with the number of producers.
   */
  private static byte[] gzip(byte[] raw, int length) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream(length / 8 + 64);
    try (GZIPOutputStream out = new GZIPOutputStream(compressed, 64 * 1024)) {
      out.write(raw, 0, length);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip a landing file in memory", e);
    }
    return compressed.toByteArray();
  }

  private void ensure(int more) {
    if (size + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
    }
  }
}
