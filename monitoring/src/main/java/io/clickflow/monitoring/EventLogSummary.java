package io.clickflow.monitoring;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Totals over the whole event log. Because the log is append-only, every total here only grows from
 * one summary to the next, which is what lets the exporter publish them as Prometheus counters that
 * survive exporter restarts.
 *
 * @param datasets per-dataset totals, by dataset name
 * @param passedRecords passed rows per (dataset, expectation)
 * @param failedRecords failed rows per (dataset, expectation, action)
 * @param lastSuccess commit time of the newest event-log row: the pipeline only logs committed
 *     batches
 */
public record EventLogSummary(
    Map<String, DatasetTotals> datasets,
    Map<ExpectationKey, Long> passedRecords,
    Map<FailedKey, Long> failedRecords,
    Optional<Instant> lastSuccess) {

  public static final EventLogSummary EMPTY =
      new EventLogSummary(Map.of(), Map.of(), Map.of(), Optional.empty());

  public EventLogSummary {
    datasets = Map.copyOf(datasets);
    passedRecords = Map.copyOf(passedRecords);
    failedRecords = Map.copyOf(failedRecords);
    lastSuccess = Objects.requireNonNull(lastSuccess, "lastSuccess");
  }

  /** One expectation of one dataset. */
  public record ExpectationKey(String dataset, String expectation) {}

  /** One expectation of one dataset with its action, the label set of failed-record counts. */
  public record FailedKey(String dataset, String expectation, String action) {}

  /**
   * Totals of one dataset.
   *
   * @param lastBatchDurationMs wall time of the dataset's newest batch
   * @param maxEventTime largest event time any batch of the dataset wrote; null until one did
   */
  public record DatasetTotals(
      long inputRows,
      long outputRows,
      long droppedRecords,
      long lateRecords,
      long rescuedRecords,
      long corruptRecords,
      long lastBatchDurationMs,
      Instant maxEventTime) {}

  private static final Comparator<FlowProgress> NEWEST_LAST =
      Comparator.comparing(FlowProgress::timestamp).thenComparingLong(FlowProgress::batchId);

  public static EventLogSummary of(Collection<FlowProgress> rows) {
    Map<String, DatasetTotals> datasets = new HashMap<>();
    Map<String, FlowProgress> newestByDataset = new HashMap<>();
    Map<ExpectationKey, Long> passed = new HashMap<>();
    Map<FailedKey, Long> failed = new HashMap<>();
    Instant lastSuccess = null;
    for (FlowProgress row : rows) {
      datasets.merge(row.dataset(), totalsOf(row), EventLogSummary::add);
      newestByDataset.merge(row.dataset(), row, (a, b) -> NEWEST_LAST.compare(a, b) >= 0 ? a : b);
      for (ExpectationResult e : row.expectations()) {
        passed.merge(new ExpectationKey(e.dataset(), e.name()), e.passedRecords(), Long::sum);
        failed.merge(
            new FailedKey(e.dataset(), e.name(), e.action()), e.failedRecords(), Long::sum);
      }
      if (lastSuccess == null || row.timestamp().isAfter(lastSuccess)) {
        lastSuccess = row.timestamp();
      }
    }
    newestByDataset.forEach(
        (dataset, newest) ->
            datasets.computeIfPresent(
                dataset, (d, t) -> withLastBatchDuration(t, newest.durationMs())));
    return new EventLogSummary(datasets, passed, failed, Optional.ofNullable(lastSuccess));
  }

  private static DatasetTotals totalsOf(FlowProgress row) {
    return new DatasetTotals(
        row.inputRows(),
        row.outputRows(),
        row.droppedRecords(),
        row.lateRecords(),
        row.rescuedRecords(),
        row.corruptRecords(),
        row.durationMs(),
        row.maxEventTime());
  }

  private static DatasetTotals add(DatasetTotals a, DatasetTotals b) {
    return new DatasetTotals(
        a.inputRows() + b.inputRows(),
        a.outputRows() + b.outputRows(),
        a.droppedRecords() + b.droppedRecords(),
        a.lateRecords() + b.lateRecords(),
        a.rescuedRecords() + b.rescuedRecords(),
        a.corruptRecords() + b.corruptRecords(),
        a.lastBatchDurationMs(),
        later(a.maxEventTime(), b.maxEventTime()));
  }

  private static DatasetTotals withLastBatchDuration(DatasetTotals t, long durationMs) {
    return new DatasetTotals(
        t.inputRows(),
        t.outputRows(),
        t.droppedRecords(),
        t.lateRecords(),
        t.rescuedRecords(),
        t.corruptRecords(),
        durationMs,
        t.maxEventTime());
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
