package io.clickflow.pipeline.runtime;

/** The definitions cannot run against the lakehouse as it is; the message names the fix. */
public final class PreflightException extends RuntimeException {
  public PreflightException(String message) {
    super(message);
  }
}
