package io.clickflow.producer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The producer's metrics. The counts live here, so the producer can record before, or without, any
 * registry; {@link #bindTo} exposes them. In Prometheus they appear as {@code
 * clickflow_producer_events_total}, {@code clickflow_producer_files_published_total}, {@code
 * clickflow_producer_bytes_total}, {@code clickflow_producer_publish_errors_total} and {@code
 * clickflow_producer_injected_faults_total{fault}}, with one series per {@link Fault}.
 */
public final class ProducerMetrics implements MeterBinder {

  private final AtomicLong events = new AtomicLong();
  private final AtomicLong filesPublished = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong publishErrors = new AtomicLong();
  private final Map<Fault, AtomicLong> injectedFaults = new EnumMap<>(Fault.class);

  public ProducerMetrics() {
    for (Fault fault : Fault.values()) {
      injectedFaults.put(fault, new AtomicLong());
    }
  }

  @Override
  public void bindTo(MeterRegistry registry) {
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
        .description("Publish attempts that failed")
        .register(registry);
    for (Map.Entry<Fault, AtomicLong> entry : injectedFaults.entrySet()) {
      counter("clickflow.producer.injected.faults", entry.getValue(), null)
          .description("Faults injected on purpose, by kind")
          .tag("fault", entry.getKey().label())
          .register(registry);
    }
  }

  /** A file with {@code lines} lines and {@code size} stored bytes became visible. */
  public void recordPublished(long lines, long size) {
    events.addAndGet(lines);
    filesPublished.incrementAndGet();
    bytes.addAndGet(size);
  }

  public void recordPublishError() {
    publishErrors.incrementAndGet();
  }

  public void recordFault(Fault fault) {
    injectedFaults.get(fault).incrementAndGet();
  }

  private static FunctionCounter.Builder<AtomicLong> counter(
      String name, AtomicLong value, String baseUnit) {
    return FunctionCounter.builder(name, value, AtomicLong::doubleValue).baseUnit(baseUnit);
  }
}
