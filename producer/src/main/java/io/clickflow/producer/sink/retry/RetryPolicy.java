package io.clickflow.producer.sink.retry;

import java.time.Duration;
import java.util.Objects;

/**
 * How a publish is retried: exponential backoff with jitter, bounded both in attempts and in total
 * time. The wait before attempt {@code n + 1} is {@code initialBackoff * multiplier^(n - 1)},
 * capped at {@code maxBackoff}, then spread by {@code ± jitter} of itself so that producers that
 * failed together do not come back together. A {@code Retry-After} from the service raises the wait
 * to at least what it asked for. No retry starts whose wait would end after {@code maxRetryTime},
 * counted from the first attempt.
 *
 * @param maxAttempts attempts in all, the first one included; 1 turns retries off
 * @param initialBackoff wait after the first failure, before jitter
 * @param maxBackoff largest wait the backoff itself produces, before jitter
 * @param multiplier growth of the wait per failed attempt, at least 1
 * @param jitter share of the wait that is randomised, in [0, 1)
 * @param maxRetryTime budget for all attempts and waits of one call
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    double multiplier,
    double jitter,
    Duration maxRetryTime) {

  /** Eight attempts within two minutes: rides out throttling and a short outage of the service. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(
          8, Duration.ofMillis(250), Duration.ofSeconds(30), 2.0, 0.5, Duration.ofMinutes(2));

  /** Stops at the first failure. */
  public static final RetryPolicy NONE = DEFAULT.withMaxAttempts(1);

  public RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(maxRetryTime, "maxRetryTime");
    if (maxAttempts < 1 || maxAttempts > 100) {
      throw new IllegalArgumentException(
          "max attempts must be between 1 and 100, got " + maxAttempts);
    }
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initial backoff must be positive, got " + initialBackoff);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "max backoff "
              + maxBackoff
              + " must not be smaller than the initial backoff "
              + initialBackoff);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException(
          "backoff multiplier must be at least 1, got " + multiplier);
    }
    if (!(jitter >= 0.0 && jitter < 1.0)) {
      throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
    }
    if (maxRetryTime.isNegative() || maxRetryTime.isZero()) {
      throw new IllegalArgumentException("max retry time must be positive, got " + maxRetryTime);
    }
  }

  public RetryPolicy withMaxAttempts(int newMaxAttempts) {
    return new RetryPolicy(
        newMaxAttempts, initialBackoff, maxBackoff, multiplier, jitter, maxRetryTime);
  }

  public RetryPolicy withBackoff(Duration newInitial, Duration newMax) {
    return new RetryPolicy(maxAttempts, newInitial, newMax, multiplier, jitter, maxRetryTime);
  }

  public RetryPolicy withJitter(double newJitter) {
    return new RetryPolicy(
        maxAttempts, initialBackoff, maxBackoff, multiplier, newJitter, maxRetryTime);
  }

  public RetryPolicy withMaxRetryTime(Duration newMaxRetryTime) {
    return new RetryPolicy(
        maxAttempts, initialBackoff, maxBackoff, multiplier, jitter, newMaxRetryTime);
  }
}
