package io.clickflow.producer;

import io.clickflow.producer.sink.EventSink;
import io.clickflow.producer.sink.LandingPath;
import io.clickflow.producer.sink.SinkException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Collects NDJSON lines into landing files and publishes each file once it is full. The file's path
 * is fixed when the file is cut, from the clock at that moment, so a retry of the same file reuses
 * the same path.
 */
final class FileBatcher {

  private final BatchLimits limits;
  private final boolean gzip;
  private final String producerId;
  private final EventSink sink;
  private final Clock clock;
  private final long lastSequence;
  private final ProducerMetrics metrics;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final List<LandingPath> published = new ArrayList<>();
  private int bufferedLines;
  private long lines;
  private long bytes;

  FileBatcher(
      BatchLimits limits,
      boolean gzip,
      String producerId,
      long lastSequence,
      EventSink sink,
      Clock clock,
      ProducerMetrics metrics) {
    this.limits = limits;
    this.gzip = gzip;
    this.producerId = producerId;
    this.lastSequence = lastSequence;
    this.sink = sink;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Adds one line, without its newline; publishes the current file first if it is full. */
  void append(byte[] line) throws SinkException {
    boolean full =
        bufferedLines >= limits.maxEvents() || buffer.size() + line.length + 1L > limits.maxBytes();
    if (bufferedLines > 0 && full) {
      flush();
    }
    buffer.writeBytes(line);
    buffer.write('\n');
    bufferedLines++;
  }

  /** Publishes what is buffered, if anything. */
  void flush() throws SinkException {
    if (bufferedLines == 0) {
      return;
    }
    byte[] content = gzip ? gzip(buffer.toByteArray()) : buffer.toByteArray();
    LandingPath path =
        LandingPath.of(clock.instant(), producerId, lastSequence + published.size() + 1L, gzip);
    try {
      sink.publish(path, content);
    } catch (SinkException e) {
      metrics.recordPublishError();
      throw e;
    }
    metrics.recordPublished(bufferedLines, content.length);
    published.add(path);
    lines += bufferedLines;
    bytes += content.length;
    buffer.reset();
    bufferedLines = 0;
  }

  int filesPublished() {
    return published.size();
  }

  List<LandingPath> published() {
    return List.copyOf(published);
  }

  long lines() {
    return lines;
  }

  long bytes() {
    return bytes;
  }

  private static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream(raw.length / 4 + 64);
    try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
      out.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip a landing file in memory", e);
    }
    return compressed.toByteArray();
  }
}
