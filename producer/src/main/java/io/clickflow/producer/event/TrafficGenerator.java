package io.clickflow.producer.event;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.random.RandomGenerator;

/**
 * Deterministic clickstream traffic: many overlapping sessions from a persistent user population,
 * emitted in event-time order across the window {@code [clock - timeSpan, clock]}. The same random
 * seed, shape and clock always give the same events.
 *
 * <p>Sessions arrive at a pace re-estimated at every arrival from the events still to plan and the
 * time still left, so a run of any size fills the window instead of bunching at its start. The last
 * events of the window are capped at the clock, so no event is ever in the future.
 */
public final class TrafficGenerator implements Iterator<ClickEvent> {

  /**
   * Arrivals aim to end this much before the clock, so the last sessions can still finish; a
   * session rarely lasts longer.
   */
  private static final Duration ARRIVAL_TAIL = Duration.ofMinutes(5);

  private final TrafficShape shape;
  private final RandomGenerator random;
  private final UserPopulation population;
  private final SessionPlanner planner;
  private final long endMillis;
  private final long arrivalsEndMillis;
  private final PriorityQueue<SessionRun> open =
      new PriorityQueue<>(
          Comparator.comparingLong(SessionRun::nextMillis).thenComparingLong(SessionRun::ordinal));
  private long nextArrivalMillis;
  private long planned;
  private long emitted;
  private long sessionsStarted;

  public TrafficGenerator(TrafficShape shape, RandomGenerator random, Clock clock) {
    this.shape = shape;
    this.random = random;
    this.population = new UserPopulation(shape.users(), random);
    this.planner = new SessionPlanner(random);
    Instant end = clock.instant();
    long spanMillis = shape.timeSpan().toMillis();
    this.endMillis = end.toEpochMilli();
    this.nextArrivalMillis = endMillis - spanMillis;
    this.arrivalsEndMillis = endMillis - Math.min(spanMillis / 20, ARRIVAL_TAIL.toMillis());
  }

  /** The end of the simulated window; no event time is later. */
  public Instant windowEnd() {
    return Instant.ofEpochMilli(endMillis);
  }

  @Override
  public boolean hasNext() {
    return emitted < shape.events();
  }

  @Override
  public ClickEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException("all " + shape.events() + " events generated");
    }
    while (planned < shape.events()
        && (open.isEmpty() || nextArrivalMillis <= open.peek().nextMillis())) {
      startSession();
    }
    SessionRun run = open.poll();
    ClickEvent event = run.emit(endMillis);
    emitted++;
    if (run.hasMore()) {
      open.add(run);
    }
    return event;
  }

  private void startSession() {
    UserProfile profile = population.startSession();
    SessionRun run =
        new SessionRun(sessionsStarted++, profile, planner.plan(), nextArrivalMillis, random);
    open.add(run);
    planned += run.remainingSteps();
    long remainingEvents = shape.events() - planned;
    if (remainingEvents > 0) {
      double remainingSessions =
          Math.max(1.0, remainingEvents / SessionPlanner.MEAN_EVENTS_PER_SESSION);
      double remainingMillis = Math.max(1.0, arrivalsEndMillis - nextArrivalMillis);
      nextArrivalMillis += (long) (random.nextExponential() * remainingMillis / remainingSessions);
    }
  }
}
