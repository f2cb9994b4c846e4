package io.clickflow.producer.event;

import java.time.Duration;
import java.util.Objects;

/**
 * How much traffic to simulate.
 *
 * @param events number of events to generate
 * @param users size of the user population that sessions are drawn from
 * @param timeSpan the simulated window; it ends at the generator's clock
 */
public record TrafficShape(long events, int users, Duration timeSpan) {

  public TrafficShape {
    if (events < 1) {
      throw new IllegalArgumentException("events must be at least 1, got " + events);
    }
    if (users < 1) {
      throw new IllegalArgumentException("users must be at least 1, got " + users);
    }
    Objects.requireNonNull(timeSpan, "timeSpan");
    if (timeSpan.toMillis() < 1000) {
      throw new IllegalArgumentException("time span must be at least 1s, got " + timeSpan);
    }
  }
}
