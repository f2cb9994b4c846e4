package io.clickflow.producer.time;

import java.time.Duration;

/**
 * Waits. Injected wherever the producer waits (pacing, retry backoff) so tests advance a clock
 * instead of sitting the waits out.
 */
@FunctionalInterface
public interface Sleeper {

  /** {@link Thread#sleep}. */
  Sleeper SYSTEM =
      duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);

  /**
   * Returns after about {@code duration}, or earlier when interrupted.
   *
   * @throws InterruptedException with the thread's interrupt flag cleared, as {@link Thread#sleep}
   */
  void sleep(Duration duration) throws InterruptedException;
}
