package io.clickflow.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.producer.sink.EventSink;
import io.clickflow.producer.sink.LandingPath;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class BackPressureTest {

  private static final int EVENTS_PER_FILE = 100;
  private static final int PENDING_FILES = 2;
  private static final int EVENTS = 3_000;

  /** What the sink saw when a publish began. */
  private record Observation(long generated, long published, long queueDepth, long waiting) {}

  @Test
  void aSlowSinkMakesTheGeneratorWaitAndTheQueueNeverExceedsItsCapacity() throws Exception {
    ProducerMetrics metrics = new ProducerMetrics();
    List<Observation> observations = new ArrayList<>();
    EventSink slow =
        new EventSink() {
          private long published;

          /**
           * Holds every publish until the generator is stuck on the full queue (or done), which is
           * as slow as a sink can be without the test sleeping.
           */
          @Override
          public void publish(LandingPath path, byte[] content) {
            awaitTrue(
                () -> metrics.generatorsWaiting() == 1 || metrics.eventsGenerated() == EVENTS);
            observations.add(
                new Observation(
                    metrics.eventsGenerated(),
                    published,
                    metrics.queueDepth(),
                    metrics.generatorsWaiting()));
            published += new String(content).lines().count();
          }

          @Override
          public long lastSequence(String producerId) {
            return 0;
          }

          @Override
          public String describe() {
            return "slow:";
          }
        };
    ProducerConfig config =
        ProducerConfig.defaults()
            .withEvents(EVENTS)
            .withBatchLimits(new BatchLimits(EVENTS_PER_FILE, 1 << 20))
            .withMaxPendingFiles(PENDING_FILES);

    ProducerSummary summary =
        new Producer(config, slow, TestClocks.fixed(), metrics, ProgressListener.NONE).run();

    assertThat(summary.lines()).isEqualTo(EVENTS);
    assertThat(observations).hasSize(EVENTS / EVENTS_PER_FILE);
    assertThat(observations).filteredOn(seen -> seen.waiting() == 1).hasSizeGreaterThan(20);
    // In memory at most: the file being published, the full queue, and the full file waiting
    // to join it.
    long bound = (PENDING_FILES + 2L) * EVENTS_PER_FILE;
    assertThat(observations)
        .allSatisfy(
            seen -> {
              assertThat(seen.generated() - seen.published()).isLessThanOrEqualTo(bound);
              assertThat(seen.queueDepth()).isLessThanOrEqualTo(PENDING_FILES);
            });
  }

  private static void awaitTrue(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the generator neither blocked nor finished within 20s");
      }
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
    }
  }
}
