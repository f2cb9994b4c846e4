package io.clickflow.monitoring;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Totals over the whole event log. Because the log is append-only, every total here only grows from
 * one summary to the next, which is what lets the exporter publish them as Prometheus counters that
 * survive exporter restarts.
 *
 * @param datasets per-dataset totals, by dataset name
 * @param passedRecords passed rows per (dataset, expectation)
 * @param failedRecords failed rows per (dataset, expectation, action)
 * @param lastSuccess commit time of the newest event-log row of a batch that did not fail
 * @param lastRun the run that wrote the newest row, and how it went
 */
public record EventLogSummary(
    Map<String, DatasetTotals> datasets,
    Map<ExpectationKey, Long> passedRecords,
    Map<FailedKey, Long> failedRecords,
    Optional<Instant> lastSuccess,
    Optional<LastRun> lastRun) {

  public static final EventLogSummary EMPTY = new Builder().build();

  public EventLogSummary {
    datasets = Map.copyOf(datasets);
    passedRecords = Map.copyOf(passedRecords);
    failedRecords = Map.copyOf(failedRecords);
    lastSuccess = Objects.requireNonNull(lastSuccess, "lastSuccess");
    lastRun = Objects.requireNonNull(lastRun, "lastRun");
  }

  /** How a pipeline run went, as far as the event log tells. */
  public enum RunState {
    /** Every batch the run logged committed. */
    SUCCEEDED,
    /** At least one batch of the run failed. */
    FAILED;

    /** The Prometheus label value. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The newest run in the log.
   *
   * @param runId the run that wrote the newest row
   * @param state FAILED when any row of that run is a failed batch
   */
  public record LastRun(String runId, RunState state) {
    public LastRun {
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(state, "state");
    }
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
    return new Builder().addRows(rows).build();
  }

  /**
   * Sums rows, or other builders, into a summary. Every part of a summary is a sum or a maximum, so
   * builders of disjoint parts of the log add up to the builder of the whole: the exporter keeps
   * one per data file and adds only the files that are new.
   */
  static final class Builder {

    private final Map<String, DatasetTotals> datasets = new HashMap<>();
    private final Map<String, FlowProgress> newestByDataset = new HashMap<>();
    // Passed and failed rows per (dataset, expectation, action), summed in place: summing every
    // expectation of every batch is most of the exporter's work.
    private final Map<FailedKey, long[]> counts = new HashMap<>();
    private final Set<String> failedRuns = new HashSet<>();
    private Instant lastSuccess;
    private FlowProgress newest;

    Builder addRows(Collection<FlowProgress> rows) {
      for (FlowProgress row : rows) {
        datasets.merge(row.dataset(), totalsOf(row), Builder::sum);
        newestByDataset.merge(row.dataset(), row, Builder::newer);
        for (ExpectationResult e : row.expectations()) {
          long[] sums =
              counts.computeIfAbsent(
                  new FailedKey(e.dataset(), e.name(), e.action()), k -> new long[2]);
          sums[0] += e.passedRecords();
          sums[1] += e.failedRecords();
        }
        if (row.failed()) {
          failedRuns.add(row.runId());
        } else {
          lastSuccess = later(lastSuccess, row.timestamp());
        }
        newest = newest == null ? row : newer(newest, row);
      }
      return this;
    }

    Builder add(Builder other) {
      other.datasets.forEach((dataset, totals) -> datasets.merge(dataset, totals, Builder::sum));
      other.newestByDataset.forEach(
          (dataset, row) -> newestByDataset.merge(dataset, row, Builder::newer));
      other.counts.forEach(
          (key, sums) -> {
            long[] mine = counts.computeIfAbsent(key, k -> new long[2]);
            mine[0] += sums[0];
            mine[1] += sums[1];
          });
      failedRuns.addAll(other.failedRuns);
      lastSuccess = later(lastSuccess, other.lastSuccess);
      if (other.newest != null) {
        newest = newest == null ? other.newest : newer(newest, other.newest);
      }
      return this;
    }

    EventLogSummary build() {
      Map<String, DatasetTotals> totals = new HashMap<>();
      datasets.forEach(
          (dataset, t) ->
              totals.put(
                  dataset,
                  new DatasetTotals(
                      t.inputRows(),
                      t.outputRows(),
                      t.droppedRecords(),
                      t.lateRecords(),
                      t.rescuedRecords(),
                      t.corruptRecords(),
                      newestByDataset.get(dataset).durationMs(),
                      t.maxEventTime())));
      Map<ExpectationKey, Long> passed = new HashMap<>();
      Map<FailedKey, Long> failed = new HashMap<>();
      counts.forEach(
          (key, sums) -> {
            passed.merge(new ExpectationKey(key.dataset(), key.expectation()), sums[0], Long::sum);
            failed.put(key, sums[1]);
          });
      Optional<LastRun> lastRun =
          Optional.ofNullable(newest)
              .map(
                  row ->
                      new LastRun(
                          row.runId(),
                          failedRuns.contains(row.runId()) ? RunState.FAILED : RunState.SUCCEEDED));
      return new EventLogSummary(totals, passed, failed, Optional.ofNullable(lastSuccess), lastRun);
    }

    private static FlowProgress newer(FlowProgress a, FlowProgress b) {
      return NEWEST_LAST.compare(a, b) >= 0 ? a : b;
    }

    /** The newest batch's duration is filled in by {@link #build}. */
    private static DatasetTotals totalsOf(FlowProgress row) {
      return new DatasetTotals(
          row.inputRows(),
          row.outputRows(),
          row.droppedRecords(),
          row.lateRecords(),
          row.rescuedRecords(),
          row.corruptRecords(),
          0,
          row.maxEventTime());
    }

    private static DatasetTotals sum(DatasetTotals a, DatasetTotals b) {
      return new DatasetTotals(
          a.inputRows() + b.inputRows(),
          a.outputRows() + b.outputRows(),
          a.droppedRecords() + b.droppedRecords(),
          a.lateRecords() + b.lateRecords(),
          a.rescuedRecords() + b.rescuedRecords(),
          a.corruptRecords() + b.corruptRecords(),
          0,
          later(a.maxEventTime(), b.maxEventTime()));
    }

    private static Instant later(Instant a, Instant b) {
      if (a == null) {
        return b;
      }
      return b == null || a.isAfter(b) ? a : b;
    }
  }
}
