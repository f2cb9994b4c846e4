package io.clickflow.producer;

import io.clickflow.producer.sink.LandingPath;
import java.util.Objects;

/**
 * A landing file cut by a producer and waiting to be published.
 *
 * @param content the file as it is stored: NDJSON, gzip-compressed when the run asks for it
 * @param lines lines in the file
 */
record PendingFile(LandingPath path, byte[] content, int lines) {

  PendingFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(content, "content");
    if (lines < 1) {
      throw new IllegalArgumentException("a landing file has at least one line, got " + lines);
    }
  }
}
