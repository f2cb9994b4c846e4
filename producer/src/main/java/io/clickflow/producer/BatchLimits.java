package io.clickflow.producer;

/**
 * When a landing file is full. A file rolls before a line would break either limit; a single line
 * larger than {@code maxBytes} still gets a file of its own, since lines are never split.
 *
 * @param maxEvents lines per file
 * @param maxBytes uncompressed bytes per file; a gzip file is therefore always smaller
 */
public record BatchLimits(int maxEvents, long maxBytes) {

  public static final BatchLimits DEFAULT = new BatchLimits(5000, 8L * 1024 * 1024);

  public BatchLimits {
    if (maxEvents < 1) {
      throw new IllegalArgumentException(
          "max events per file must be at least 1, got " + maxEvents);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("max bytes per file must be at least 1, got " + maxBytes);
    }
  }
}
