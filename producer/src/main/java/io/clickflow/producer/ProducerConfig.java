package io.clickflow.producer;

import io.clickflow.producer.event.TrafficShape;
import io.clickflow.producer.sink.LandingPath;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a run needs to know besides where to write and what time it is.
 *
 * @param traffic how many events, from how many users, over what window
 * @param seed the same seed (with the same clock) repeats the run byte for byte
 * @param producerId prefix of every landing file name; give concurrent producers distinct ids
 */
public record ProducerConfig(
    TrafficShape traffic,
    long seed,
    String producerId,
    BatchLimits batchLimits,
    boolean gzip,
    FaultRates faults) {

  public static final long DEFAULT_EVENTS = 10_000;
  public static final long DEFAULT_SEED = 42;
  public static final String DEFAULT_PRODUCER_ID = "p1";
  public static final Duration DEFAULT_TIME_SPAN = Duration.ofHours(6);

  public ProducerConfig {
    Objects.requireNonNull(traffic, "traffic");
    Objects.requireNonNull(batchLimits, "batchLimits");
    Objects.requireNonNull(faults, "faults");
    if (producerId == null || !LandingPath.PRODUCER_ID.matcher(producerId).matches()) {
      throw new IllegalArgumentException(
          "producer id must match "
              + LandingPath.PRODUCER_ID.pattern()
              + ", got '"
              + producerId
              + "'");
    }
  }

  public static ProducerConfig defaults() {
    return new ProducerConfig(
        new TrafficShape(DEFAULT_EVENTS, defaultUsers(DEFAULT_EVENTS), DEFAULT_TIME_SPAN),
        DEFAULT_SEED,
        DEFAULT_PRODUCER_ID,
        BatchLimits.DEFAULT,
        false,
        FaultRates.NONE);
  }

  /**
   * One user per 50 events, at least 10: visitors then have several sessions each, which is what
   * gives the user dimension its history.
   */
  public static int defaultUsers(long events) {
    return (int) Math.max(10, Math.min(1_000_000, events / 50));
  }

  /** The same config with another event count and the default user count for it. */
  public ProducerConfig withEvents(long events) {
    return withTraffic(new TrafficShape(events, defaultUsers(events), traffic.timeSpan()));
  }

  public ProducerConfig withTraffic(TrafficShape newTraffic) {
    return new ProducerConfig(newTraffic, seed, producerId, batchLimits, gzip, faults);
  }

  public ProducerConfig withSeed(long newSeed) {
    return new ProducerConfig(traffic, newSeed, producerId, batchLimits, gzip, faults);
  }

  public ProducerConfig withBatchLimits(BatchLimits newLimits) {
    return new ProducerConfig(traffic, seed, producerId, newLimits, gzip, faults);
  }

  public ProducerConfig withGzip(boolean newGzip) {
    return new ProducerConfig(traffic, seed, producerId, batchLimits, newGzip, faults);
  }

  public ProducerConfig withFaults(FaultRates newFaults) {
    return new ProducerConfig(traffic, seed, producerId, batchLimits, gzip, newFaults);
  }
}
