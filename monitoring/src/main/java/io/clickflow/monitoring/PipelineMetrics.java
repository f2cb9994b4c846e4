package io.clickflow.monitoring;

import io.clickflow.monitoring.EventLogSummary.DatasetTotals;
import io.clickflow.monitoring.EventLogSummary.ExpectationKey;
import io.clickflow.monitoring.EventLogSummary.FailedKey;
import io.clickflow.monitoring.EventLogSummary.RunState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * The pipeline's metrics, derived from the event log.
 *
 * <p>Every count is a function counter over the latest {@link EventLogSummary} of the whole log:
 * the exporter counts nothing of its own, so a restarted exporter publishes the same totals it did
 * before and Prometheus sees no counter reset. Meters for a dataset or expectation are registered
 * the first time it shows up in the log; label values come from the pipeline definition, so they
 * stay few.
 *
 * <p>{@code clickflow.flow.batch.duration} is a gauge of the newest batch's wall time, not a
 * summary: the exporter sees batches after the fact and in bulk, so rates over observation time
 * would be meaningless. Passed, failed and dropped rows are separate series because dropped rows
 * are a subset of failed ones; one {@code outcome} label would invite double counting.
 *
 * <p>{@code clickflow.end.to.end.latency} is a histogram with one observation per committed Gold
 * batch that wrote an event time: the batch's commit time (the event log's {@code timestamp}) minus
 * the largest event time it wrote ({@code max_event_time}). That is how far behind the newest event
 * the Gold table was once the batch committed, a lower bound for every event of the batch. Each row
 * is observed once; a restarted exporter observes the whole log again on its first read, so the
 * buckets, count and sum come back at the values they had and Prometheus sees no reset. Negative
 * lags (event times ahead of the committing clock) count as 0. Only the {@code _max} gauge is
 * Micrometer's rolling maximum and starts afresh.
 *
 * <p>Layers and quarantines come from the {@link DatasetCatalog}: {@code clickflow.dataset.info}
 * (value 1, labels dataset and layer) lets queries group any per-dataset series by layer, and
 * {@code clickflow.quarantined.records} is the dropped-row count of datasets whose dropped rows go
 * to a quarantine table.
 *
 * <p>{@code clickflow.pipeline.last.run.state} has one series per {@link RunState}, 1 for the state
 * of the newest run and 0 for the others, so a query for either state always has a series to
 * compare. Where a {@link PipelineRunSource} reports runs (a Databricks job), its newest finished
 * run sets the state: the scheduler also sees runs that fail before they log a batch. {@code
 * clickflow.pipeline.last.success.timestamp} is then the later of the newest committed batch and
 * the end of the newest successful run, so that neither a run without new data nor a continuous run
 * that never ends looks like an outage. {@code clickflow.pipeline.last.run.duration} is the wall
 * time of that newest finished run, and exists only with such a source.
 *
 * <p>After a failed read the previous values stay published and {@code clickflow.exporter.up} drops
 * to 0.
 */
public final class PipelineMetrics implements MeterBinder {

  private static final String DATASET = "dataset";
  private static final String EXPECTATION = "expectation";
  private static final String ACTION = "action";
  private static final String LAYER = "layer";
  private static final String STATE = "state";
  private static final String SECONDS = "seconds";

  /** Gold batches lag by seconds in a continuous run and by hours behind a daily schedule. */
  static final Duration[] LATENCY_BUCKETS = {
    Duration.ofSeconds(1),
    Duration.ofSeconds(5),
    Duration.ofSeconds(15),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(2),
    Duration.ofMinutes(5),
    Duration.ofMinutes(10),
    Duration.ofMinutes(15),
    Duration.ofMinutes(30),
    Duration.ofHours(1),
    Duration.ofHours(2),
    Duration.ofHours(6),
    Duration.ofHours(12),
    Duration.ofHours(24)
  };

  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

  /** Meters registered so far, per registry; see {@link #firstRegistration}. */
  private final Map<MeterRegistry, Set<Object>> registered = new IdentityHashMap<>();

  private final AtomicInteger up = new AtomicInteger();
  private final AtomicLong readErrors = new AtomicLong();
  private volatile EventLogSummary summary = EventLogSummary.EMPTY;
  private volatile Map<String, DatasetFacts> facts = Map.of();
  private volatile PipelineRunHistory runs = PipelineRunHistory.NONE;

  /** Gold rows observed so far, with their lag: the histogram's whole content. */
  private final Map<FlowProgress, Duration> latencies = new LinkedHashMap<>();

  /**
   * Groups of the log already scanned for Gold rows, and the Gold datasets they were scanned for.
   */
  private final Set<List<FlowProgress>> scannedGroups =
      Collections.newSetFromMap(new IdentityHashMap<>());

  private Set<String> goldScanned = Set.of();

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    Gauge.builder("clickflow.exporter.up", up, AtomicInteger::get)
        .description(
            "1 if the exporter's last read of the event log, and of the pipeline's runs where a"
                + " scheduler is read, succeeded, else 0")
        .register(registry);
    FunctionCounter.builder("clickflow.exporter.errors", readErrors, AtomicLong::get)
        .description(
            "Failed reads of the event log, of the pipeline's runs or of a dataset table's"
                + " metadata")
        .register(registry);
    registries.add(registry);
    registerMeters(registry, summary);
    latencies.forEach((row, lag) -> recordLatency(registry, row.dataset(), lag));
  }

  /** Publishes totals over a successful read of the whole event log, without catalog facts. */
  public void onReadSucceeded(List<FlowProgress> rows) {
    onReadSucceeded(rows, Map.of());
  }

  /** Publishes totals over a successful read of the whole event log, given as one group. */
  public void onReadSucceeded(List<FlowProgress> rows, Map<String, DatasetFacts> datasetFacts) {
    List<FlowProgress> group = List.copyOf(rows);
    onReadSucceeded(EventLogSummary.of(group), List.of(group), datasetFacts);
  }

  /**
   * Publishes the totals of a successful read of the whole event log.
   *
   * @param current the summary of every row in {@code groups}
   * @param groups the log's rows as {@link EventLogSource#readGroups} returned them; groups seen
   *     before are only looked at again for datasets that became Gold since
   * @param datasetFacts what the catalog knows about the datasets; a dataset missing here has no
   *     layer and no quarantine yet
   */
  public synchronized void onReadSucceeded(
      EventLogSummary current,
      List<List<FlowProgress>> groups,
      Map<String, DatasetFacts> datasetFacts) {
    publish(current, groups, datasetFacts);
    up.set(1);
  }

  /**
   * Publishes a successful read of the event log when the pipeline's runs could not be read: the
   * log's values are current, the runs keep their last values, and the exporter shows as down.
   */
  public synchronized void onRunsReadFailed(
      EventLogSummary current,
      List<List<FlowProgress>> groups,
      Map<String, DatasetFacts> datasetFacts) {
    onReadFailed();
    publish(current, groups, datasetFacts);
  }

  /**
   * Publishes what the scheduler knows about the pipeline's runs. Call it before {@link
   * #onReadSucceeded} of the same refresh, which marks the exporter up.
   */
  public synchronized void onRunsRead(PipelineRunHistory history) {
    Objects.requireNonNull(history, "history");
    if (history.equals(runs)) {
      return;
    }
    runs = history;
    for (MeterRegistry registry : registries) {
      registerMeters(registry, summary);
    }
  }

  private void publish(
      EventLogSummary current,
      List<List<FlowProgress>> groups,
      Map<String, DatasetFacts> datasetFacts) {
    boolean changed = current != summary || !datasetFacts.equals(facts);
    summary = current;
    facts = Map.copyOf(datasetFacts);
    Map<FlowProgress, Duration> observed = newGoldLatencies(groups);
    latencies.putAll(observed);
    for (MeterRegistry registry : registries) {
      if (changed) {
        registerMeters(registry, current);
      }
      observed.forEach((row, lag) -> recordLatency(registry, row.dataset(), lag));
    }
  }

  /** Keeps the previous totals and marks the exporter as down until the next good read. */
  public void onReadFailed() {
    up.set(0);
    readErrors.incrementAndGet();
  }

  /**
   * Counts lookups of table metadata that failed. The event log was read, so the exporter stays up;
   * the datasets concerned miss their layer or quarantine until a later lookup succeeds.
   */
  public void onCatalogReadFailed(int failures) {
    readErrors.addAndGet(failures);
  }

  /**
   * Lags of Gold rows not observed yet. Only groups not scanned before are read for every Gold
   * dataset; older groups are read again only for datasets that became Gold since. Rows are keyed
   * by value, so rows that a compaction moved into a new file are not observed twice.
   */
  private Map<FlowProgress, Duration> newGoldLatencies(List<List<FlowProgress>> groups) {
    Set<String> gold = new HashSet<>();
    facts.forEach(
        (dataset, known) -> {
          if (known.isGold()) {
            gold.add(dataset);
          }
        });
    Set<String> newlyGold = new HashSet<>(gold);
    newlyGold.removeAll(goldScanned);
    Set<List<FlowProgress>> present = Collections.newSetFromMap(new IdentityHashMap<>());
    Map<FlowProgress, Duration> observed = new LinkedHashMap<>();
    for (List<FlowProgress> group : groups) {
      present.add(group);
      Set<String> wanted = scannedGroups.contains(group) ? newlyGold : gold;
      if (wanted.isEmpty()) {
        continue;
      }
      for (FlowProgress row : group) {
        if (wanted.contains(row.dataset())
            && !row.failed()
            && row.maxEventTime() != null
            && !latencies.containsKey(row)) {
          Duration lag = Duration.between(row.maxEventTime(), row.timestamp());
          observed.put(row, lag.isNegative() ? Duration.ZERO : lag);
        }
      }
    }
    scannedGroups.retainAll(present);
    scannedGroups.addAll(present);
    goldScanned = gold;
    return observed;
  }

  private static void recordLatency(MeterRegistry registry, String dataset, Duration lag) {
    Timer.builder("clickflow.end.to.end.latency")
        .description("Commit time of a Gold batch minus the largest event time it wrote, per batch")
        .tag(DATASET, dataset)
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry)
        .record(lag);
  }

  /**
   * Registers the meters of datasets, expectations and runs that are new since the last read.
   * Micrometer would return the existing meter for a second registration, but it warns about
   * function meters registered twice, so each is registered only once.
   */
  private void registerMeters(MeterRegistry registry, EventLogSummary current) {
    current.datasets().forEach((dataset, totals) -> registerDataset(registry, dataset, totals));
    current.passedRecords().keySet().forEach(key -> registerPassed(registry, key));
    current.failedRecords().keySet().forEach(key -> registerFailed(registry, key));
    if ((current.lastSuccess().isPresent() || runs.lastSuccess().isPresent())
        && firstRegistration(registry, "clickflow.pipeline.last.success.timestamp")) {
      Gauge.builder(
              "clickflow.pipeline.last.success.timestamp",
              this,
              m -> m.lastSuccess().map(PipelineMetrics::epochSeconds).orElse(Double.NaN))
          .description(
              "Commit time of the newest batch that did not fail, or end of the newest successful"
                  + " job run if later, as Unix time")
          .baseUnit(SECONDS)
          .register(registry);
    }
    if ((current.lastRun().isPresent() || runs.lastFinished().isPresent())
        && firstRegistration(registry, "clickflow.pipeline.last.run.state")) {
      for (RunState state : RunState.values()) {
        Gauge.builder(
                "clickflow.pipeline.last.run.state",
                this,
                m -> m.lastRunState().filter(state::equals).isPresent() ? 1 : 0)
            .description(
                "1 for the state of the newest run (job run, else event log), 0 for the others")
            .tag(STATE, state.label())
            .register(registry);
      }
    }
    if (runs.lastFinished().isPresent()
        && firstRegistration(registry, "clickflow.pipeline.last.run.duration")) {
      Gauge.builder(
              "clickflow.pipeline.last.run.duration",
              this,
              m ->
                  m.runs
                      .lastFinished()
                      .map(run -> run.duration().toMillis() / 1000.0)
                      .orElse(Double.NaN))
          .description("Wall time of the newest finished job run")
          .baseUnit(SECONDS)
          .register(registry);
    }
    facts.forEach(
        (dataset, known) -> {
          if (known.layer().isPresent()
              && firstRegistration(registry, "clickflow.dataset.info", dataset)) {
            Gauge.builder("clickflow.dataset.info", () -> 1)
                .description("Always 1; labels the dataset with the layer its table declares")
                .tag(DATASET, dataset)
                .tag(LAYER, known.layer().get())
                .register(registry);
          }
          if (known.hasQuarantine()
              && current.datasets().containsKey(dataset)
              && firstRegistration(registry, "clickflow.quarantined.records", dataset)) {
            datasetCounter(
                registry,
                "clickflow.quarantined.records",
                "Rows removed by DROP expectations and kept in the dataset's quarantine table",
                dataset,
                DatasetTotals::droppedRecords);
          }
        });
  }

  private void registerDataset(MeterRegistry registry, String dataset, DatasetTotals totals) {
    if (totals.maxEventTime() != null
        && firstRegistration(registry, "clickflow.dataset.last.event.timestamp", dataset)) {
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
    if (!firstRegistration(registry, "dataset", dataset)) {
      return;
    }
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
    if (!firstRegistration(registry, key)) {
      return;
    }
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
    if (!firstRegistration(registry, key)) {
      return;
    }
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

  private Optional<Instant> lastSuccess() {
    Optional<Instant> fromLog = summary.lastSuccess();
    Optional<Instant> fromRuns = runs.lastSuccess();
    if (fromLog.isEmpty() || fromRuns.isEmpty()) {
      return fromLog.or(() -> fromRuns);
    }
    return Optional.of(fromLog.get().isAfter(fromRuns.get()) ? fromLog.get() : fromRuns.get());
  }

  private Optional<RunState> lastRunState() {
    return runs.lastFinished()
        .map(PipelineRunHistory.FinishedRun::state)
        .or(() -> summary.lastRun().map(EventLogSummary.LastRun::state));
  }

  private boolean firstRegistration(MeterRegistry registry, String name, String... tags) {
    return firstRegistration(registry, List.of(name, List.of(tags)));
  }

  /** The key is a value: a name with its tags, or an expectation's own key record. */
  private boolean firstRegistration(MeterRegistry registry, Object key) {
    return registered.computeIfAbsent(registry, r -> new HashSet<>()).add(key);
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
