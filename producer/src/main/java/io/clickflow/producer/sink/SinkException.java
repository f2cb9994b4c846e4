package io.clickflow.producer.sink;

import java.io.IOException;

/**
 * A publish that did not make its file visible. Its message names the action and the place, e.g.
 * {@code publish 2026/11/22/13/p1-000042.json to local:/data/landing: disk full}.
 */
public final class SinkException extends IOException {

  private final boolean retryable;

  public SinkException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /**
   * Whether repeating the same publish may succeed (a transient failure), as opposed to a fault
   * that needs an operator (missing permission, read-only file system).
   */
  public boolean retryable() {
    return retryable;
  }
}
