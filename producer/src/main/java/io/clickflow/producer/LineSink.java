package io.clickflow.producer;

/** Takes NDJSON lines, without their newline. */
@FunctionalInterface
interface LineSink {

  /**
   * Takes {@code bytes[offset, offset + length)} as one line; the caller may reuse the array.
   *
   * @throws InterruptedException while waiting for room to hand a full file over
   */
  void line(byte[] bytes, int offset, int length) throws InterruptedException;
}
