package io.clickflow.producer;

import static java.time.temporal.ChronoUnit.MILLIS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickflow.producer.sink.InMemoryEventSink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Paced, timed and stopped runs, on a manual clock whose sleeper moves it: no real waiting. */
class LiveRunTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ManualClock clock = new ManualClock(TestClocks.NOW);

  private static ProducerConfig paced(double rate, long events) {
    return ProducerConfig.defaults()
        .withEvents(events)
        .withPacing(new Pacing(rate, null))
        .withBatchLimits(new BatchLimits(1_000, 1 << 20, Duration.ofSeconds(30)));
  }

  private ProducerSummary run(ProducerConfig config, InMemoryEventSink sink) throws Exception {
    return new Producer(config, sink, clock, clock, new ProducerMetrics(), ProgressListener.NONE)
        .run();
  }

  private static List<Instant> eventTimes(InMemoryEventSink sink) throws Exception {
    List<Instant> times = new ArrayList<>();
    for (String line : sink.lines()) {
      times.add(Instant.parse(JSON.readTree(line).get("event_time").asText()));
    }
    return times;
  }

  @Test
  void aPacedRunSpacesEventsAtTheRateAndStampsEachWithTheClock() throws Exception {
    InMemoryEventSink sink = new InMemoryEventSink();
    ProducerSummary summary = run(paced(10, 50), sink);

    assertThat(summary.events()).isEqualTo(50);
    List<Instant> times = eventTimes(sink);
    for (int i = 0; i < times.size(); i++) {
      assertThat(times.get(i)).isEqualTo(TestClocks.NOW.plusMillis(100L * i).truncatedTo(MILLIS));
    }
  }

  @Test
  void filesRollOnAgeSoASlowRateStillLandsData() throws Exception {
    InMemoryEventSink sink = new InMemoryEventSink();
    ProducerConfig config =
        paced(10, 100).withBatchLimits(new BatchLimits(1_000, 1 << 20, Duration.ofSeconds(2)));
    run(config, sink);

    assertThat(sink.files().values())
        .extracting(content -> new String(content).lines().count())
        .containsExactly(20L, 20L, 20L, 20L, 20L);
  }

  @Test
  void aDurationEndsTheRunWhenNoEventCountIsGiven() throws Exception {
    InMemoryEventSink sink = new InMemoryEventSink();
    ProducerConfig config =
        paced(10, ProducerConfig.UNLIMITED_EVENTS)
            .withPacing(new Pacing(10, Duration.ofSeconds(3)));
    ProducerSummary summary = run(config, sink);

    assertThat(summary.events()).isEqualTo(30);
    assertThat(sink.lines()).hasSize(30);
  }

  @Test
  void theEventCountEndsTheRunWhenItComesBeforeTheDuration() throws Exception {
    ProducerConfig config = paced(10, 12).withPacing(new Pacing(10, Duration.ofHours(1)));
    assertThat(run(config, new InMemoryEventSink()).events()).isEqualTo(12);
  }

  @Test
  void theEventsAreTheSameWhateverTheRateApartFromTheirTimes() throws Exception {
    InMemoryEventSink slow = new InMemoryEventSink();
    InMemoryEventSink fast = new InMemoryEventSink();
    run(paced(5, 300), slow);
    run(paced(5_000, 300), fast);

    assertThat(withoutTimes(fast)).isEqualTo(withoutTimes(slow));
    assertThat(eventTimes(fast)).isNotEqualTo(eventTimes(slow));
  }

  @Test
  void stopEndsAnOpenEndedRunAndPublishesEverythingGenerated() throws Exception {
    InMemoryEventSink sink = new InMemoryEventSink();
    ProducerMetrics metrics = new ProducerMetrics();
    Producer producer =
        new Producer(
            paced(1_000, ProducerConfig.UNLIMITED_EVENTS),
            sink,
            clock,
            clock,
            metrics,
            ProgressListener.NONE);
    CompletableFuture<ProducerSummary> running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return producer.run();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (metrics.eventsGenerated() < 3_000 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    producer.stop();
    ProducerSummary summary = running.get(20, TimeUnit.SECONDS);

    assertThat(summary.events()).isGreaterThanOrEqualTo(3_000);
    assertThat(summary.events()).isEqualTo(metrics.eventsGenerated());
    assertThat(sink.lines()).hasSize((int) summary.events());
    assertThat(metrics.linesPublished()).isEqualTo(summary.lines());
  }

  private static List<String> withoutTimes(InMemoryEventSink sink) throws Exception {
    List<String> lines = new ArrayList<>();
    for (String line : sink.lines()) {
      ObjectNode event = (ObjectNode) JSON.readTree(line);
      event.remove("event_time");
      lines.add(event.toString());
    }
    return lines;
  }
}
