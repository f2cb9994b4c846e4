package io.clickflow.producer.sink.retry;

import io.clickflow.producer.sink.SinkException.Reason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the retry layer did. In Prometheus:
 *
 * <ul>
 *   <li>{@code clickflow_producer_publish_retries_total}: publish attempts that failed transiently
 *       and were tried again;
 *   <li>{@code clickflow_producer_publish_attempts_total{outcome, reason}}: every publish attempt,
 *       with {@code outcome} one of {@code success}, {@code retried} (failed, tried again) or
 *       {@code failed} (failed, and the publish gave up), and {@code reason} the lower-case {@link
 *       Reason}, or {@code none} for a success. Both labels have a fixed, small set of values.
 * </ul>
 *
 * Every series exists from the start at 0, so that rate() and alerts work before the first error.
 */
public final class PublishRetryMetrics implements MeterBinder {

  /** What became of one attempt. */
  public enum Outcome {
    SUCCESS,
    RETRIED,
    FAILED;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong successes = new AtomicLong();
  private final Map<Outcome, Map<Reason, AtomicLong>> failures = new EnumMap<>(Outcome.class);

  public PublishRetryMetrics() {
    for (Outcome outcome : new Outcome[] {Outcome.RETRIED, Outcome.FAILED}) {
      Map<Reason, AtomicLong> byReason = new EnumMap<>(Reason.class);
      for (Reason reason : Reason.values()) {
        byReason.put(reason, new AtomicLong());
      }
      failures.put(outcome, byReason);
    }
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("clickflow.producer.publish.retries", retries, AtomicLong::doubleValue)
        .description("Publish attempts that failed transiently and were tried again")
        .register(registry);
    attempts(successes, Outcome.SUCCESS, "none").register(registry);
    for (Map.Entry<Outcome, Map<Reason, AtomicLong>> outcome : failures.entrySet()) {
      for (Map.Entry<Reason, AtomicLong> reason : outcome.getValue().entrySet()) {
        attempts(reason.getValue(), outcome.getKey(), label(reason.getKey())).register(registry);
      }
    }
  }

  void recordSuccess() {
    successes.incrementAndGet();
  }

  void recordRetry(Reason reason) {
    retries.incrementAndGet();
    failures.get(Outcome.RETRIED).get(reason).incrementAndGet();
  }

  void recordFailure(Reason reason) {
    failures.get(Outcome.FAILED).get(reason).incrementAndGet();
  }

  /** Attempts that failed and were tried again, so far. */
  public long retries() {
    return retries.get();
  }

  /** Attempts with this outcome, over all reasons. */
  public long attempts(Outcome outcome) {
    if (outcome == Outcome.SUCCESS) {
      return successes.get();
    }
    return failures.get(outcome).values().stream().mapToLong(AtomicLong::get).sum();
  }

  private static FunctionCounter.Builder<AtomicLong> attempts(
      AtomicLong count, Outcome outcome, String reason) {
    return FunctionCounter.builder(
            "clickflow.producer.publish.attempts", count, AtomicLong::doubleValue)
        .description("Publish attempts by outcome (success, retried, failed) and failure reason")
        .tag("outcome", outcome.label())
        .tag("reason", reason);
  }

  private static String label(Reason reason) {
    return reason.name().toLowerCase(Locale.ROOT);
  }
}
