package io.clickflow.producer;

import java.time.Duration;
import java.util.Objects;

/**
 * How often each {@link Fault} is injected, as a probability per event in [0, 1].
 *
 * <p>Faults are kept apart so a pipeline's counts can be checked against the producer's: a line
 * carries at most one of malformed, unknown field, type mismatch and case mismatch (drawn in that
 * order, first hit wins, so the later rates apply to the events the earlier ones left); late
 * applies to any event that is not malformed; duplicates are only made of lines with no other
 * fault.
 *
 * @param lateDelay how far a late event's time is moved into the past
 */
public record FaultRates(
    double malformed,
    double unknownField,
    double typeMismatch,
    double caseMismatch,
    double late,
    Duration lateDelay,
    double duplicate) {

  public static final Duration DEFAULT_LATE_DELAY = Duration.ofHours(1);

  /** No faults at all: every line is a valid, unique, on-time event. */
  public static final FaultRates NONE = new FaultRates(0, 0, 0, 0, 0, DEFAULT_LATE_DELAY, 0);

  public FaultRates {
    requireRate("malformed", malformed);
    requireRate("unknown-field", unknownField);
    requireRate("type-mismatch", typeMismatch);
    requireRate("case-mismatch", caseMismatch);
    requireRate("late", late);
    requireRate("duplicate", duplicate);
    Objects.requireNonNull(lateDelay, "lateDelay");
    if (lateDelay.isNegative() || lateDelay.isZero()) {
      throw new IllegalArgumentException("late delay must be positive, got " + lateDelay);
    }
  }

  public double rate(Fault fault) {
    return switch (fault) {
      case MALFORMED -> malformed;
      case UNKNOWN_FIELD -> unknownField;
      case TYPE_MISMATCH -> typeMismatch;
      case CASE_MISMATCH -> caseMismatch;
      case LATE -> late;
      case DUPLICATE -> duplicate;
    };
  }

  private static void requireRate(String name, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(name + " rate must be in [0, 1], got " + rate);
    }
  }
}
