package io.clickflow.producer;

import io.clickflow.producer.sink.SinkException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The producer's metrics. The counts live here, so the producer can record before, or without, any
 * registry; {@link #bindTo} exposes them. In Prometheus they appear as:
 *
 * <ul>
 *   <li>{@code clickflow_producer_events_generated_total}: distinct events generated;
 *   <li>{@code clickflow_producer_events_total}: lines in published files, duplicates and malformed
 *       lines included, so it runs behind the generated count by what is still in memory;
 *   <li>{@code clickflow_producer_files_published_total}, {@code clickflow_producer_bytes_total};
 *   <li>{@code clickflow_producer_publish_duration_seconds}: a histogram of publish calls that
 *       succeeded, retries included (recorded only while bound);
 *   <li>{@code clickflow_producer_publish_errors_total} and {@code
 *       clickflow_producer_publish_failures_total{reason}}: publishes that failed for good, after
 *       any retries, in total and by {@link SinkException.Reason} (every reason present);
 *   <li>{@code clickflow_producer_queue_depth} and {@code clickflow_producer_queue_capacity}: files
 *       cut and waiting to be published, and how many may wait;
 *   <li>{@code clickflow_producer_backpressure_seconds_total}: time generators spent waiting for
 *       the sink because the queue was full, and {@code clickflow_producer_generators_waiting}: how
 *       many wait right now;
 *   <li>{@code clickflow_producer_injected_faults_total{fault}}, with one series per {@link Fault}.
 * </ul>
 *
 * Retries are counted by the retrying sink itself, as {@code clickflow_producer_publish_retries}.
 */
public final class ProducerMetrics implements MeterBinder {

  private final AtomicLong eventsGenerated = new AtomicLong();
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong filesPublished = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong publishErrors = new AtomicLong();
  private final Map<SinkException.Reason, AtomicLong> failures =
      new EnumMap<>(SinkException.Reason.class);
  private final AtomicLong queueDepth = new AtomicLong();
  private final AtomicLong queueCapacity = new AtomicLong();
  private final AtomicLong generatorsWaiting = new AtomicLong();
  private final AtomicLong backpressureNanos = new AtomicLong();
  private final Map<Fault, AtomicLong> injectedFaults = new EnumMap<>(Fault.class);
  private final List<Timer> publishTimers = new CopyOnWriteArrayList<>();

  public ProducerMetrics() {
    for (SinkException.Reason reason : SinkException.Reason.values()) {
      failures.put(reason, new AtomicLong());
    }
    for (Fault fault : Fault.values()) {
      injectedFaults.put(fault, new AtomicLong());
    }
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter("clickflow.producer.events.generated", eventsGenerated, null)
        .description("Distinct events generated; published or still waiting in memory")
        .register(registry);
    counter("clickflow.producer.events", events, null)
        .description("Event lines in published landing files, duplicates and malformed included")
        .register(registry);
    counter("clickflow.producer.files.published", filesPublished, null)
        .description("Landing files made visible in the sink")
        .register(registry);
    counter("clickflow.producer.bytes", bytes, "bytes")
        .description("Bytes of published landing files, as stored (after gzip)")
        .register(registry);
    counter("clickflow.producer.publish.errors", publishErrors, null)
        .description("Publishes that failed for good, after any retries")
        .register(registry);
    for (Map.Entry<SinkException.Reason, AtomicLong> entry : failures.entrySet()) {
      counter("clickflow.producer.publish.failures", entry.getValue(), null)
          .description("Publishes that failed for good, by reason")
          .tag("reason", entry.getKey().name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    publishTimers.add(
        Timer.builder("clickflow.producer.publish.duration")
            .description("Time to make one landing file visible, retries included")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(2))
            .register(registry));
    Gauge.builder("clickflow.producer.queue.depth", queueDepth, AtomicLong::doubleValue)
        .description("Landing files cut and waiting to be published")
        .register(registry);
    Gauge.builder("clickflow.producer.queue.capacity", queueCapacity, AtomicLong::doubleValue)
        .description("Landing files that may wait before generation pauses")
        .register(registry);
    Gauge.builder(
            "clickflow.producer.generators.waiting", generatorsWaiting, AtomicLong::doubleValue)
        .description("Producers waiting for the sink right now because the queue is full")
        .register(registry);
    FunctionCounter.builder(
            "clickflow.producer.backpressure",
            backpressureNanos,
            nanos -> nanos.doubleValue() / 1e9)
        .baseUnit("seconds")
        .description("Time generators waited for the sink because the queue was full")
        .register(registry);
    for (Map.Entry<Fault, AtomicLong> entry : injectedFaults.entrySet()) {
      counter("clickflow.producer.injected.faults", entry.getValue(), null)
          .description("Faults injected on purpose, by kind")
          .tag("fault", entry.getKey().label())
          .register(registry);
    }
  }

  /** {@code count} distinct events were generated. */
  public void recordGenerated(long count) {
    eventsGenerated.addAndGet(count);
  }

  /** A file with {@code lines} lines and {@code size} stored bytes became visible. */
  public void recordPublished(long lines, long size) {
    events.addAndGet(lines);
    filesPublished.incrementAndGet();
    bytes.addAndGet(size);
  }

  /** How long a successful publish took, retries included. */
  public void recordPublishDuration(Duration duration) {
    for (Timer timer : publishTimers) {
      timer.record(duration);
    }
  }

  /** A publish failed for good, after any retries. */
  public void recordPublishFailure(SinkException.Reason reason) {
    publishErrors.incrementAndGet();
    failures.get(reason).incrementAndGet();
  }

  public void recordFault(Fault fault) {
    injectedFaults.get(fault).incrementAndGet();
  }

  void queueCapacity(int capacity) {
    queueCapacity.set(capacity);
  }

  void queueDepth(int depth) {
    queueDepth.set(depth);
  }

  void generatorsWaiting(int waiting) {
    generatorsWaiting.set(waiting);
  }

  void recordBackpressure(Duration waited) {
    backpressureNanos.addAndGet(waited.toNanos());
  }

  public long eventsGenerated() {
    return eventsGenerated.get();
  }

  public long linesPublished() {
    return events.get();
  }

  public long filesPublished() {
    return filesPublished.get();
  }

  public long bytesPublished() {
    return bytes.get();
  }

  public long publishErrors() {
    return publishErrors.get();
  }

  public long queueDepth() {
    return queueDepth.get();
  }

  public long generatorsWaiting() {
    return generatorsWaiting.get();
  }

  private static FunctionCounter.Builder<AtomicLong> counter(
      String name, AtomicLong value, String baseUnit) {
    return FunctionCounter.builder(name, value, AtomicLong::doubleValue).baseUnit(baseUnit);
  }
}
