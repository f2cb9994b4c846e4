package io.clickflow.producer;

import io.clickflow.producer.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told, and a {@link Sleeper} that moves it instead of waiting: paced
 * runs then take no real time and give the same times on every run.
 */
public final class ManualClock extends Clock implements Sleeper {

  private final AtomicLong epochNanos;

  public ManualClock(Instant start) {
    this.epochNanos = new AtomicLong(start.getEpochSecond() * 1_000_000_000L + start.getNano());
  }

  public void advance(Duration duration) {
    epochNanos.addAndGet(duration.toNanos());
  }

  @Override
  public void sleep(Duration duration) {
    advance(duration);
  }

  @Override
  public Instant instant() {
    long nanos = epochNanos.get();
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a manual clock stays in UTC");
  }
}
