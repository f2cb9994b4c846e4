package io.clickflow.producer.sink;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A publish that did not make its file visible. Its message names the action and the place, e.g.
 * {@code publish 2026/11/22/13/p1-000042.json to local:/data/landing: disk full}.
 */
public final class SinkException extends IOException {

  /** Why a publish failed, coarse enough to be a bounded metrics label. */
  public enum Reason {
    /** The identity may not write here (401/403, permission denied). Fatal. */
    AUTHORIZATION,
    /** The account, filesystem, container or folder does not exist (404). Fatal. */
    NOT_FOUND,
    /** The service asked to slow down (429, 503 server busy). Retryable. */
    THROTTLED,
    /** The service failed (500, 502, 504). Retryable. */
    SERVER_ERROR,
    /** Timeouts, resets, refused connections (408 too). Retryable. */
    NETWORK,
    /** A local file system error. */
    IO,
    /** The request or configuration is wrong (400, bad names). Fatal. */
    INVALID
  }

  private final Reason reason;
  private final boolean retryable;
  private final Duration retryAfter;

  public SinkException(String message, Reason reason, boolean retryable, Throwable cause) {
    this(message, reason, retryable, null, cause);
  }

  /**
   * @param retryAfter how long the service asked the caller to wait (HTTP {@code Retry-After}), or
   *     null when it did not say
   */
  public SinkException(
      String message, Reason reason, boolean retryable, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.retryable = retryable;
    if (retryAfter != null && retryAfter.isNegative()) {
      throw new IllegalArgumentException("retry-after must not be negative, got " + retryAfter);
    }
    this.retryAfter = retryAfter;
  }

  /** A local I/O failure; kept for the local sink, whose failures carry no HTTP status. */
  public SinkException(String message, boolean retryable, Throwable cause) {
    this(message, Reason.IO, retryable, cause);
  }

  public Reason reason() {
    return reason;
  }

  /**
   * Whether repeating the same publish may succeed (a transient failure), as opposed to a fault
   * that needs an operator (missing permission, read-only file system).
   */
  public boolean retryable() {
    return retryable;
  }

  /** The wait the service asked for before the next attempt, when it named one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
