package io.clickflow.producer.sink.retry;

import io.clickflow.producer.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when something sleeps on it: retries in tests take no real time. */
public final class FakeTime extends Clock implements Sleeper {

  private Instant now;
  private final List<Duration> sleeps = new ArrayList<>();
  private int interruptAtSleep = -1;

  public FakeTime(Instant start) {
    this.now = start;
  }

  /** The {@code n}-th sleep (from 1) is interrupted, as a shutdown would. */
  public FakeTime interruptingSleep(int n) {
    this.interruptAtSleep = n;
    return this;
  }

  @Override
  public synchronized void sleep(Duration wait) throws InterruptedException {
    sleeps.add(wait);
    if (sleeps.size() == interruptAtSleep) {
      throw new InterruptedException("test interrupt");
    }
    now = now.plus(wait);
  }

  /** Moves the clock as a slow request would. */
  public synchronized void advance(Duration duration) {
    now = now.plus(duration);
  }

  public synchronized List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("FakeTime stays in UTC");
  }
}
