package io.clickflow.bundle;

/**
 * Validation could not run at all: a bad option, no schema, or an unreadable bundle. The CLI prints
 * the message as one line and exits 2, which keeps "cannot check" apart from "checked and invalid"
 * (exit 1) for scripts.
 */
public class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
