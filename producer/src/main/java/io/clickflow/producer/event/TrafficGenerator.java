package io.clickflow.producer.event;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.random.RandomGenerator;

/**
 * Deterministic clickstream traffic: many overlapping sessions from a persistent user population.
 * The same random seed, shape and clock always give the same events. It runs in one of two modes:
 *
 * <ul>
 *   <li><b>Window</b>: a fixed number of events in event-time order across {@code [clock -
 *       timeSpan, clock]}. Sessions arrive at a pace re-estimated at every arrival from the events
 *       still to plan and the time still left, so a run of any size fills the window instead of
 *       bunching at its start. The last events are capped at the clock, so no event is ever in the
 *       future.
 *   <li><b>Stream</b>: an endless sequence for live runs. Sessions arrive at a fixed mean pace in
 *       simulated time, about 70 of them open at once; the caller stamps each event with the wall
 *       clock when it is sent, so the simulated times only decide how sessions interleave. The
 *       sequence depends on the seed alone, not on how fast it is consumed.
 * </ul>
 */
public final class TrafficGenerator implements Iterator<ClickEvent> {

  /** User ids of a population that need not be told apart from another's. */
  public static final String DEFAULT_USER_ID_PREFIX = "usr-";

  /**
   * Arrivals aim to end this much before the clock, so the last sessions can still finish; a
   * session rarely lasts longer.
   */
  private static final Duration ARRIVAL_TAIL = Duration.ofMinutes(5);

  /**
   * Mean simulated time between session starts in a stream. A session spans about 70 s of simulated
   * time, so about 70 are open at once: enough interleaving to look like a busy shop.
   */
  private static final double STREAM_MEAN_ARRIVAL_MILLIS = 1_000;

  private final long events;
  private final boolean stream;
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

  /** A window of {@code shape.events()} events ending at the clock, with default user ids. */
  public TrafficGenerator(TrafficShape shape, RandomGenerator random, Clock clock) {
    this(shape, random, clock, DEFAULT_USER_ID_PREFIX);
  }

  /**
   * A window of {@code shape.events()} events ending at the clock.
   *
   * @param userIdPrefix starts every user id; give each producer its own
   */
  public TrafficGenerator(
      TrafficShape shape, RandomGenerator random, Clock clock, String userIdPrefix) {
    this(shape, random, userIdPrefix, clock.instant().toEpochMilli());
  }

  private TrafficGenerator(
      TrafficShape shape, RandomGenerator random, String userIdPrefix, long endMillis) {
    this(
        shape.events(),
        false,
        shape.users(),
        random,
        userIdPrefix,
        endMillis - shape.timeSpan().toMillis(),
        endMillis,
        Math.min(shape.timeSpan().toMillis() / 20, ARRIVAL_TAIL.toMillis()));
  }

  private TrafficGenerator(
      long events,
      boolean stream,
      int users,
      RandomGenerator random,
      String userIdPrefix,
      long startMillis,
      long endMillis,
      long arrivalTailMillis) {
    this.events = events;
    this.stream = stream;
    this.random = random;
    this.population = new UserPopulation(users, random, Objects.requireNonNull(userIdPrefix));
    this.planner = new SessionPlanner(random);
    this.endMillis = endMillis;
    this.nextArrivalMillis = startMillis;
    this.arrivalsEndMillis = endMillis - arrivalTailMillis;
  }

  /**
   * An endless stream whose simulated time starts at {@code start}.
   *
   * @param users size of the user population
   * @param userIdPrefix starts every user id; give each producer its own
   */
  public static TrafficGenerator stream(
      int users, RandomGenerator random, Instant start, String userIdPrefix) {
    if (users < 1) {
      throw new IllegalArgumentException("users must be at least 1, got " + users);
    }
    return new TrafficGenerator(
        Long.MAX_VALUE, true, users, random, userIdPrefix, start.toEpochMilli(), Long.MAX_VALUE, 0);
  }

  /** The end of the simulated window; no event time is later. */
  public Instant windowEnd() {
    return Instant.ofEpochMilli(endMillis);
  }

  @Override
  public boolean hasNext() {
    return emitted < events;
  }

  @Override
  public ClickEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException("all " + events + " events generated");
    }
    while (planned < events && (open.isEmpty() || nextArrivalMillis <= open.peek().nextMillis())) {
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
    if (stream) {
      nextArrivalMillis += (long) (random.nextExponential() * STREAM_MEAN_ARRIVAL_MILLIS);
      return;
    }
    long remainingEvents = events - planned;
    if (remainingEvents > 0) {
      double remainingSessions =
          Math.max(1.0, remainingEvents / SessionPlanner.MEAN_EVENTS_PER_SESSION);
      double remainingMillis = Math.max(1.0, arrivalsEndMillis - nextArrivalMillis);
      nextArrivalMillis += (long) (random.nextExponential() * remainingMillis / remainingSessions);
    }
  }
}
