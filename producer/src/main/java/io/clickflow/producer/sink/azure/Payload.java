package io.clickflow.producer.sink.azure;

import io.clickflow.producer.sink.LandingPath;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** How a landing file travels: in parts, each with the MD5 that lets the service check it. */
final class Payload {

  private Payload() {}

  /** Part {@code offset} of at most {@code size} bytes; the array itself when it is one part. */
  static byte[] slice(byte[] content, int offset, int size) {
    return offset == 0 && content.length <= size
        ? content
        : Arrays.copyOfRange(content, offset, Math.min(content.length, offset + size));
  }

  /**
   * Sent as Content-MD5, so the service rejects a part that was corrupted on the way instead of
   * storing it; transport integrity, not security.
   */
  static byte[] md5(byte[] part) {
    try {
      return MessageDigest.getInstance("MD5").digest(part);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides MD5", e);
    }
  }

  static String contentType(LandingPath path) {
    return path.value().endsWith(".gz") ? "application/gzip" : "application/x-ndjson";
  }
}
