package io.clickflow.bundle.workspace;

/**
 * A workspace call failed after the client's own retries. The message is one line that names the
 * action, the workspace and the cause; {@link #retryable()} says whether running the command again
 * later may help (throttling, an unavailable service) or whether something must be fixed first
 * (credentials, permissions, a missing job).
 */
public class WorkspaceException extends RuntimeException {
  private final boolean retryable;

  public WorkspaceException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public WorkspaceException(String message) {
    this(message, false, null);
  }

  public boolean retryable() {
    return retryable;
  }
}
