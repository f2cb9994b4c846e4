package io.clickflow.producer;

import io.clickflow.producer.event.TrafficShape;
import io.clickflow.producer.sink.LandingPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a run needs to know besides where to write and what time it is.
 *
 * <p>A run is either a <b>batch</b> or <b>live</b> (see {@link #live()}). A batch backfills a
 * simulated window ending when the run starts, as fast as the sink allows, and the same seed gives
 * byte-identical files. A live run is an open-ended stream: each event's {@code event_time} is the
 * wall-clock time it was generated, and files also roll on age. Its events are still the same for
 * the same seed, whatever the rate, apart from those times.
 *
 * <p>Each producer id is an independent producer with its own generator, seeded from {@code seed}
 * and the id, its own user population and its own file sequence. That is why several processes with
 * distinct ids write the same files as one process with all of those ids.
 *
 * @param traffic {@code events} is the total across all producer ids ({@link #UNLIMITED_EVENTS} for
 *     no limit), {@code users} the population of each producer, {@code timeSpan} the simulated
 *     window of a batch run
 * @param seed the same seed (with the same clock, in a batch run) repeats the run byte for byte
 * @param producerIds prefixes of the landing file names, one producer each; give producers that
 *     share a sink, in this process or another, distinct ids
 * @param pacing the rate and the wall-clock limit
 * @param maxPendingFiles files cut but not yet published that may wait in memory; when that many
 *     wait, generation pauses until the sink catches up
 */
public record ProducerConfig(
    TrafficShape traffic,
    long seed,
    List<String> producerIds,
    BatchLimits batchLimits,
    boolean gzip,
    FaultRates faults,
    Pacing pacing,
    int maxPendingFiles) {

  /** An event count meaning no limit: the run stops on its duration or when stopped. */
  public static final long UNLIMITED_EVENTS = Long.MAX_VALUE;

  public static final long DEFAULT_EVENTS = 10_000;
  public static final long DEFAULT_SEED = 42;
  public static final String DEFAULT_PRODUCER_ID = "p1";
  public static final Duration DEFAULT_TIME_SPAN = Duration.ofHours(6);
  public static final int DEFAULT_MAX_PENDING_FILES = 4;

  /** Users per producer in a run without an event count. */
  public static final int DEFAULT_STREAM_USERS = 10_000;

  public ProducerConfig {
    Objects.requireNonNull(traffic, "traffic");
    Objects.requireNonNull(batchLimits, "batchLimits");
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(pacing, "pacing");
    producerIds = List.copyOf(Objects.requireNonNull(producerIds, "producerIds"));
    if (producerIds.isEmpty()) {
      throw new IllegalArgumentException("at least one producer id is needed");
    }
    Set<String> seen = new HashSet<>();
    for (String id : producerIds) {
      if (!LandingPath.PRODUCER_ID.matcher(id).matches()) {
        throw new IllegalArgumentException(
            "producer id must match " + LandingPath.PRODUCER_ID.pattern() + ", got '" + id + "'");
      }
      if (!seen.add(id)) {
        throw new IllegalArgumentException("producer id '" + id + "' is given twice");
      }
    }
    if (traffic.events() != UNLIMITED_EVENTS && traffic.events() < producerIds.size()) {
      throw new IllegalArgumentException(
          "events ("
              + traffic.events()
              + ") must be at least the number of producers ("
              + producerIds.size()
              + ")");
    }
    if (maxPendingFiles < 1) {
      throw new IllegalArgumentException(
          "max pending files must be at least 1, got " + maxPendingFiles);
    }
  }

  /** One unpaced producer with the default queue: the shape of every run before live runs. */
  public ProducerConfig(
      TrafficShape traffic,
      long seed,
      String producerId,
      BatchLimits batchLimits,
      boolean gzip,
      FaultRates faults) {
    this(
        traffic,
        seed,
        List.of(producerId),
        batchLimits,
        gzip,
        faults,
        Pacing.UNPACED,
        DEFAULT_MAX_PENDING_FILES);
  }

  public static ProducerConfig defaults() {
    return new ProducerConfig(
        new TrafficShape(DEFAULT_EVENTS, defaultUsers(DEFAULT_EVENTS), DEFAULT_TIME_SPAN),
        DEFAULT_SEED,
        List.of(DEFAULT_PRODUCER_ID),
        BatchLimits.DEFAULT,
        false,
        FaultRates.NONE,
        Pacing.UNPACED,
        DEFAULT_MAX_PENDING_FILES);
  }

  /**
   * One user per 50 events, at least 10: visitors then have several sessions each, which is what
   * gives the user dimension its history. Without an event count, {@link #DEFAULT_STREAM_USERS}.
   */
  public static int defaultUsers(long events) {
    if (events == UNLIMITED_EVENTS) {
      return DEFAULT_STREAM_USERS;
    }
    return (int) Math.max(10, Math.min(1_000_000, events / 50));
  }

  /**
   * Whether event times follow the wall clock rather than a simulated window: a paced run, one with
   * a duration, or one without an event count.
   */
  public boolean live() {
    return pacing.paced() || pacing.duration() != null || traffic.events() == UNLIMITED_EVENTS;
  }

  /** The events of the producer at {@code index}: an even share, the first ones one more. */
  public long eventsOf(int index) {
    Objects.checkIndex(index, producerIds.size());
    long total = traffic.events();
    if (total == UNLIMITED_EVENTS) {
      return UNLIMITED_EVENTS;
    }
    int producers = producerIds.size();
    return total / producers + (index < total % producers ? 1 : 0);
  }

  /**
   * The generator seed of one producer, from the run's seed and the producer id, so distinct ids
   * never repeat each other's events and the same id repeats its own in any process.
   */
  public long seedOf(String producerId) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : producerId.getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
    }
    return mix(seed ^ mix(hash));
  }

  /** The same config with another event count and the default user count for it. */
  public ProducerConfig withEvents(long events) {
    long perProducer = events == UNLIMITED_EVENTS ? events : events / producerIds.size();
    return withTraffic(
        new TrafficShape(events, defaultUsers(Math.max(1, perProducer)), traffic.timeSpan()));
  }

  public ProducerConfig withTraffic(TrafficShape newTraffic) {
    return new ProducerConfig(
        newTraffic, seed, producerIds, batchLimits, gzip, faults, pacing, maxPendingFiles);
  }

  public ProducerConfig withSeed(long newSeed) {
    return new ProducerConfig(
        traffic, newSeed, producerIds, batchLimits, gzip, faults, pacing, maxPendingFiles);
  }

  public ProducerConfig withProducerIds(List<String> newIds) {
    return new ProducerConfig(
        traffic, seed, newIds, batchLimits, gzip, faults, pacing, maxPendingFiles);
  }

  public ProducerConfig withBatchLimits(BatchLimits newLimits) {
    return new ProducerConfig(
        traffic, seed, producerIds, newLimits, gzip, faults, pacing, maxPendingFiles);
  }

  public ProducerConfig withGzip(boolean newGzip) {
    return new ProducerConfig(
        traffic, seed, producerIds, batchLimits, newGzip, faults, pacing, maxPendingFiles);
  }

  public ProducerConfig withFaults(FaultRates newFaults) {
    return new ProducerConfig(
        traffic, seed, producerIds, batchLimits, gzip, newFaults, pacing, maxPendingFiles);
  }

  public ProducerConfig withPacing(Pacing newPacing) {
    return new ProducerConfig(
        traffic, seed, producerIds, batchLimits, gzip, faults, newPacing, maxPendingFiles);
  }

  public ProducerConfig withMaxPendingFiles(int newMaxPendingFiles) {
    return new ProducerConfig(
        traffic, seed, producerIds, batchLimits, gzip, faults, pacing, newMaxPendingFiles);
  }

  /** Stafford's variant 13 of the MurmurHash3 finaliser: every input bit moves every output bit. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
