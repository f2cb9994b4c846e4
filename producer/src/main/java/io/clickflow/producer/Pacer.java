package io.clickflow.producer;

/**
 * Spaces events evenly at a fixed rate. After a stall (a slow sink, a pause) it catches up at most
 * {@link #MAX_CATCH_UP_NANOS} worth of events, as a token bucket of that size would: a long stall
 * never turns into a burst that floods the sink.
 *
 * <p>Times are nanoseconds on any one time line, e.g. since the epoch from the injected clock; the
 * pacer itself never reads a clock, so it is tested with plain numbers.
 */
final class Pacer {

  static final long MAX_CATCH_UP_NANOS = 1_000_000_000L;

  private final long originNanos;
  private final double intervalNanos;
  private double nextNanos;

  /**
   * @param rate events per second, above 0
   * @param startNanos when the first event may go
   */
  Pacer(double rate, long startNanos) {
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("rate must be above 0 events/s, got " + rate);
    }
    this.intervalNanos = 1e9 / rate;
    // Relative times keep the double precise: epoch nanoseconds would lose a quarter microsecond.
    this.originNanos = startNanos;
  }

  /** How long to wait until the next event may go: 0 when it may go now. */
  long delayNanos(long nowNanos) {
    double now = nowNanos - originNanos;
    return now >= nextNanos ? 0 : (long) Math.ceil(nextNanos - now);
  }

  /** An event went at {@code nowNanos}; the next one is due an interval after it was due. */
  void sent(long nowNanos) {
    double now = nowNanos - originNanos;
    nextNanos = Math.max(nextNanos, now - MAX_CATCH_UP_NANOS) + intervalNanos;
  }
}
