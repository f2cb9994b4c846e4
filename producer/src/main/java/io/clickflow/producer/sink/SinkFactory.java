package io.clickflow.producer.sink;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Opens the sink a {@link SinkUri} names; the one place that knows every implementation. */
public final class SinkFactory {

  private SinkFactory() {}

  public static EventSink open(SinkUri uri) {
    return switch (uri.scheme()) {
      case SinkUri.LOCAL -> new LocalFolderSink(localPath(uri));
      default -> throw new IllegalArgumentException("no sink for scheme " + uri.scheme());
    };
  }

  private static Path localPath(SinkUri uri) {
    try {
      return Path.of(uri.location());
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("sink " + uri + " is not a valid path: " + e.getReason());
    }
  }
}
