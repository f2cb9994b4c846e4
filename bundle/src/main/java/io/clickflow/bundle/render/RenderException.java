package io.clickflow.bundle.render;

/**
 * The bundle cannot be turned into job settings because of something in the bundle itself: a job
 * defined twice, a setting the Jobs API does not know, a cyclic variable. The CLI prints the
 * message as one line and exits 1, like an invalid bundle in {@code validate}.
 */
public class RenderException extends RuntimeException {
  public RenderException(String message) {
    super(message);
  }

  public RenderException(String message, Throwable cause) {
    super(message, cause);
  }
}
