package io.clickflow.producer;

import java.time.Duration;

/**
 * How fast a run goes and how long it may last, besides its event count.
 *
 * @param rate events per second across all producer ids of the process, or 0 for as fast as the
 *     sink allows. A paced run spreads its events evenly over time, with at most one second's worth
 *     of catch-up after a stall (such as a slow sink), never an unbounded burst.
 * @param duration wall-clock time after which the run stops, or null for no limit; whichever of
 *     this and the event count is reached first ends the run
 */
public record Pacing(double rate, Duration duration) {

  /** As fast as possible, until the event count is reached. */
  public static final Pacing UNPACED = new Pacing(0, null);

  public Pacing {
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException(
          "rate must be a finite number of events/s, 0 or more, got " + rate);
    }
    if (duration != null && duration.toMillis() < 1) {
      throw new IllegalArgumentException("duration must be at least 1ms, got " + duration);
    }
  }

  public boolean paced() {
    return rate > 0;
  }
}
