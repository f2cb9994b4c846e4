package io.clickflow.bundle;

import io.clickflow.bundle.control.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when its sleeper is asked to wait, so polling tests never sleep. */
public final class TestClock extends Clock {
  private Instant now;
  private final List<Duration> sleeps = new ArrayList<>();

  public TestClock(Instant start) {
    this.now = start;
  }

  public Sleeper sleeper() {
    return duration -> {
      sleeps.add(duration);
      now = now.plus(duration);
    };
  }

  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the test clock stays in UTC");
  }

  @Override
  public Instant instant() {
    return now;
  }
}
