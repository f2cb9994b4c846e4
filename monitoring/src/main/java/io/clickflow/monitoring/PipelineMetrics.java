package io.clickflow.monitoring;

import io.clickflow.monitoring.EventLogSummary.DatasetTotals;
import io.clickflow.monitoring.EventLogSummary.ExpectationKey;
import io.clickflow.monitoring.EventLogSummary.FailedKey;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * The pipeline's metrics, derived from the event log.
 *
 * <p>Every count is a function counter over the latest {@link EventLogSummary}: the exporter holds
 * no running totals of its own, so a restarted exporter publishes the same totals it did before and
 * Prometheus sees no counter reset. Meters for a dataset or expectation are registered the first
 * time it shows up in the log; label values come from the pipeline definition, so they stay few.
 *
 * <p>{@code clickflow.flow.batch.duration} is a gauge of the newest batch's wall time, not a
 * summary: the exporter sees batches after the fact and in bulk, so rates over observation time
 * would be meaningless. Passed, failed and dropped rows are separate series because dropped rows
 * are a subset of failed ones; one {@code outcome} label would invite double counting.
 *
 * <p>After a failed read the previous values stay published and {@code clickflow.exporter.up} drops
 * to 0.
 */
public final class PipelineMetrics implements MeterBinder {

  private static final String DATASET = "dataset";
  private static final String EXPECTATION = "expectation";
  private static final String ACTION = "action";
  private static final String SECONDS = "seconds";

  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
  private final AtomicInteger up = new AtomicInteger();
  private final AtomicLong readErrors = new AtomicLong();
  private volatile EventLogSummary summary = EventLogSummary.EMPTY;

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    Gauge.builder("clickflow.exporter.up", up, AtomicInteger::get)
        .description("1 if the exporter's last read of the event log succeeded, else 0")
        .register(registry);
    FunctionCounter.builder("clickflow.exporter.errors", readErrors, AtomicLong::get)
        .description("Failed reads of the event log")
        .register(registry);
    registries.add(registry);
    registerMeters(registry, summary);
  }

  /** Publishes totals over the rows of a successful read of the whole event log. */
  public synchronized void onReadSucceeded(List<FlowProgress> rows) {
    EventLogSummary next = EventLogSummary.of(rows);
    summary = next;
    up.set(1);
    registries.forEach(registry -> registerMeters(registry, next));
  }

  /** Keeps the previous totals and marks the exporter as down until the next good read. */
  public void onReadFailed() {
    up.set(0);
    readErrors.incrementAndGet();
  }

  /**
   * Registering an existing name and label set returns the existing meter, so this is idempotent.
   */
  private void registerMeters(MeterRegistry registry, EventLogSummary current) {
    current.datasets().forEach((dataset, totals) -> registerDataset(registry, dataset, totals));
    current.passedRecords().keySet().forEach(key -> registerPassed(registry, key));
    current.failedRecords().keySet().forEach(key -> registerFailed(registry, key));
    if (current.lastSuccess().isPresent()) {
      Gauge.builder(
              "clickflow.pipeline.last.success.timestamp",
              this,
              m -> m.summary.lastSuccess().map(PipelineMetrics::epochSeconds).orElse(Double.NaN))
          .description("Commit time of the newest event-log row, as Unix time")
          .baseUnit(SECONDS)
          .register(registry);
    }
  }

  private void registerDataset(MeterRegistry registry, String dataset, DatasetTotals totals) {
    datasetCounter(
        registry,
        "clickflow.flow.input.rows",
        "Rows read by the dataset's flow",
        dataset,
        DatasetTotals::inputRows);
    datasetCounter(
        registry,
        "clickflow.flow.output.rows",
        "Rows written to the dataset",
        dataset,
        DatasetTotals::outputRows);
    datasetCounter(
        registry,
        "clickflow.dropped.records",
        "Rows removed by DROP expectations; a subset of failed records",
        dataset,
        DatasetTotals::droppedRecords);
    datasetCounter(
        registry,
        "clickflow.late.events",
        "Rows behind the event-time watermark, dropped by the stateful operator",
        dataset,
        DatasetTotals::lateRecords);
    datasetCounter(
        registry,
        "clickflow.rescued.records",
        "Rows with a non-null _rescued_data",
        dataset,
        DatasetTotals::rescuedRecords);
    datasetCounter(
        registry,
        "clickflow.corrupt.records",
        "Input lines that were not JSON at all",
        dataset,
        DatasetTotals::corruptRecords);
    Gauge.builder(
            "clickflow.flow.batch.duration",
            this,
            datasetValue(dataset, t -> t.lastBatchDurationMs() / 1000.0, Double.NaN))
        .description("Wall time of the dataset's newest micro-batch")
        .tag(DATASET, dataset)
        .baseUnit(SECONDS)
        .register(registry);
    if (totals.maxEventTime() != null) {
      Gauge.builder(
              "clickflow.dataset.last.event.timestamp",
              this,
              datasetValue(
                  dataset,
                  t -> t.maxEventTime() == null ? Double.NaN : epochSeconds(t.maxEventTime()),
                  Double.NaN))
          .description(
              "Largest event time written to the dataset, as Unix time; freshness is time() - this")
          .tag(DATASET, dataset)
          .baseUnit(SECONDS)
          .register(registry);
    }
  }

  private void datasetCounter(
      MeterRegistry registry,
      String name,
      String description,
      String dataset,
      ToDoubleFunction<DatasetTotals> value) {
    FunctionCounter.builder(name, this, datasetValue(dataset, value, 0))
        .description(description)
        .tag(DATASET, dataset)
        .register(registry);
  }

  private void registerPassed(MeterRegistry registry, ExpectationKey key) {
    FunctionCounter.builder(
            "clickflow.expectation.passed.records",
            this,
            m -> m.summary.passedRecords().getOrDefault(key, 0L))
        .description("Rows that satisfied the expectation")
        .tag(DATASET, key.dataset())
        .tag(EXPECTATION, key.expectation())
        .register(registry);
  }

  private void registerFailed(MeterRegistry registry, FailedKey key) {
    FunctionCounter.builder(
            "clickflow.expectation.failed.records",
            this,
            m -> m.summary.failedRecords().getOrDefault(key, 0L))
        .description("Rows that failed the expectation; for DROP they were also dropped")
        .tag(DATASET, key.dataset())
        .tag(EXPECTATION, key.expectation())
        .tag(ACTION, key.action())
        .register(registry);
  }

  /**
   * A dataset can vanish only when the event log table was replaced; its counters then read 0,
   * which Prometheus treats as a counter reset, and its gauges read NaN.
   */
  private static ToDoubleFunction<PipelineMetrics> datasetValue(
      String dataset, ToDoubleFunction<DatasetTotals> value, double whenMissing) {
    return m -> {
      DatasetTotals totals = m.summary.datasets().get(dataset);
      return totals == null ? whenMissing : value.applyAsDouble(totals);
    };
  }

  private static double epochSeconds(Instant instant) {
    return instant.getEpochSecond() + instant.getNano() / 1e9;
  }
}
