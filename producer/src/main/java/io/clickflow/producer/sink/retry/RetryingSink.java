package io.clickflow.producer.sink.retry;

import io.clickflow.producer.sink.EventSink;
import io.clickflow.producer.sink.LandingPath;
import io.clickflow.producer.sink.SinkException;
import io.clickflow.producer.time.Sleeper;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Retries the calls of another sink that fail with a {@link SinkException#retryable() retryable}
 * error, under a {@link RetryPolicy}. A fatal error goes straight to the caller, unchanged, on its
 * first occurrence. Retrying a publish is safe because the {@link EventSink} contract makes
 * publishing the same path again replace the file.
 *
 * <p>resilience4j's {@link Retry} decides: which errors count, how many attempts, and how long to
 * wait. This class only runs the attempts and does the waiting, through the injected {@link
 * Sleeper} and {@link Clock}, because resilience4j's blocking retry sleeps through a process-wide
 * static hook that tests could not swap per instance.
 */
public final class RetryingSink implements EventSink {

  private final EventSink delegate;
  private final RetryPolicy policy;
  private final Retry retry;
  private final Clock clock;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final PublishRetryMetrics metrics;

  /**
   * @param random draws the jitter; tests pass a fixed one to pin the waits
   */
  public RetryingSink(
      EventSink delegate,
      RetryPolicy policy,
      Clock clock,
      Sleeper sleeper,
      RandomGenerator random,
      PublishRetryMetrics metrics) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.random = Objects.requireNonNull(random, "random");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    IntervalFunction backoff =
        IntervalFunction.ofExponentialBackoff(
            policy.initialBackoff(), policy.multiplier(), policy.maxBackoff());
    IntervalBiFunction<Object> wait =
        (attempt, outcome) -> {
          long millis = jittered(backoff.apply(attempt));
          if (outcome.isLeft() && outcome.getLeft() instanceof SinkException failure) {
            long asked = failure.retryAfter().map(Duration::toMillis).orElse(0L);
            millis = Math.max(millis, asked);
          }
          return millis;
        };
    this.retry =
        Retry.of(
            "publish",
            RetryConfig.custom()
                .maxAttempts(policy.maxAttempts())
                .intervalBiFunction(wait)
                .retryOnException(e -> e instanceof SinkException s && s.retryable())
                .build());
  }

  public RetryPolicy policy() {
    return policy;
  }

  @Override
  public void publish(LandingPath path, byte[] content) throws SinkException {
    call(
        () -> {
          delegate.publish(path, content);
          return null;
        },
        true);
  }

  /** Listing is retried like a publish, but it is not a publish, so the metrics leave it out. */
  @Override
  public long lastSequence(String producerId) throws SinkException {
    return call(() -> delegate.lastSequence(producerId), false);
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  @FunctionalInterface
  private interface Attempt<T> {
    T run() throws SinkException;
  }

  private <T> T call(Attempt<T> attempt, boolean counted) throws SinkException {
    Retry.AsyncContext<Object> context = retry.asyncContext();
    Instant start = clock.instant();
    for (int attempts = 1; ; attempts++) {
      SinkException failure;
      try {
        T result = attempt.run();
        context.onComplete();
        if (counted) {
          metrics.recordSuccess();
        }
        return result;
      } catch (SinkException e) {
        failure = e;
      }
      long waitMillis = context.onError(failure);
      if (waitMillis < 0) {
        if (counted) {
          metrics.recordFailure(failure.reason());
        }
        throw attempts == 1 ? failure : gaveUp(failure, attempts, start, "");
      }
      Duration wait = Duration.ofMillis(waitMillis);
      if (Duration.between(start, clock.instant()).plus(wait).compareTo(policy.maxRetryTime())
          > 0) {
        if (counted) {
          metrics.recordFailure(failure.reason());
        }
        throw gaveUp(
            failure,
            attempts,
            start,
            ": waiting "
                + human(wait)
                + " more would pass the retry time of "
                + human(policy.maxRetryTime()));
      }
      if (counted) {
        metrics.recordRetry(failure.reason());
      }
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        // The caller decides what an interrupt means (shutdown, most likely); keep it visible.
        Thread.currentThread().interrupt();
        SinkException interrupted =
            new SinkException(
                failure.getMessage() + " (interrupted while waiting to retry)",
                failure.reason(),
                false,
                failure);
        interrupted.addSuppressed(e);
        throw interrupted;
      }
    }
  }

  private SinkException gaveUp(SinkException last, int attempts, Instant start, String why) {
    Duration spent = Duration.between(start, clock.instant());
    return new SinkException(
        last.getMessage()
            + " (gave up after "
            + attempts
            + (attempts == 1 ? " attempt in " : " attempts in ")
            + human(spent)
            + why
            + ")",
        last.reason(),
        last.retryable(),
        last.retryAfter().orElse(null),
        last);
  }

  /** e.g. 750ms, 12.5s, 2m. */
  static String human(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis < 60_000) {
      return millis % 1000 == 0
          ? millis / 1000 + "s"
          : String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }
    long seconds = duration.toSeconds();
    return seconds % 60 == 0 ? seconds / 60 + "m" : seconds / 60 + "m" + seconds % 60 + "s";
  }

  /** Spreads a wait over {@code [wait * (1 - jitter), wait * (1 + jitter)]}. */
  private long jittered(long millis) {
    double spread = policy.jitter() * (2 * random.nextDouble() - 1);
    return Math.max(0, Math.round(millis * (1 + spread)));
  }
}
