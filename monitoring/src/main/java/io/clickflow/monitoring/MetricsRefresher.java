package io.clickflow.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the event log into {@link PipelineMetrics}, at most once per interval, on a background
 * thread (see {@link #refreshInBackground}) so that scrapes never wait for storage. Failed reads
 * are throttled the same way. Each read costs the rows added since the last one, and asks the
 * {@link DatasetCatalog} about new datasets through a {@link DatasetFactsResolver} that remembers
 * the answers. Where a {@link PipelineRunSource} is given, each refresh also asks it how the
 * pipeline's runs went; a refresh succeeds only when both reads do.
 */
public final class MetricsRefresher {

  private static final Logger log = LoggerFactory.getLogger(MetricsRefresher.class);

  /** How often to ask again about a table that does not exist yet. */
  static final Duration CATALOG_RECHECK_INTERVAL = Duration.ofMinutes(1);

  private final EventLogSource source;
  private final PipelineRunSource runs;
  private final EventLogAggregator aggregator = new EventLogAggregator();
  private final DatasetFactsResolver datasets;
  private final PipelineMetrics metrics;
  private final Clock clock;
  private final Duration minInterval;

  private Instant lastAttempt;
  private String lastFailure;
  private String lastFailureLocation;
  private String lastCatalogFailure;

  /** A refresher for an event log read without its lakehouse: no layers, no quarantines. */
  public MetricsRefresher(
      EventLogSource source, PipelineMetrics metrics, Clock clock, Duration minInterval) {
    this(source, DatasetCatalog.NONE, metrics, clock, minInterval);
  }

  /** A refresher that takes run states from the event log alone. */
  public MetricsRefresher(
      EventLogSource source,
      DatasetCatalog catalog,
      PipelineMetrics metrics,
      Clock clock,
      Duration minInterval) {
    this(source, catalog, PipelineRunSource.NONE, metrics, clock, minInterval);
  }

  public MetricsRefresher(
      EventLogSource source,
      DatasetCatalog catalog,
      PipelineRunSource runs,
      PipelineMetrics metrics,
      Clock clock,
      Duration minInterval) {
    this.source = Objects.requireNonNull(source, "source");
    this.runs = Objects.requireNonNull(runs, "runs");
    this.datasets = new DatasetFactsResolver(catalog, clock, CATALOG_RECHECK_INTERVAL);
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(minInterval, "minInterval");
    if (minInterval.isNegative()) {
      throw new IllegalArgumentException("minInterval must not be negative, got " + minInterval);
    }
    this.minInterval = minInterval;
  }

  /**
   * Calls {@link #refreshIfDue} every interval on a daemon thread until the returned handle is
   * closed. A failure, even a bug, is logged and the next run goes ahead.
   *
   * @throws IllegalStateException when the interval is zero: a background loop needs a pause
   */
  public AutoCloseable refreshInBackground() {
    if (minInterval.isZero()) {
      throw new IllegalStateException("a background refresh needs an interval above zero");
    }
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "monitor-refresh");
              thread.setDaemon(true);
              return thread;
            });
    long period = minInterval.toNanos();
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            refreshIfDue();
          } catch (RuntimeException e) {
            // The executor would silently stop scheduling after an exception.
            log.warn("refresh from {} failed: {}", source.location(), e.toString(), e);
          }
        },
        period,
        period,
        TimeUnit.NANOSECONDS);
    return () -> {
      // Let a read in progress finish: interrupting Kernel mid-file reads as a broken log.
      executor.shutdown();
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    };
  }

  /**
   * Reads the event log unless the last attempt was less than the interval ago. A failure is logged
   * once per distinct message and shows in the metrics; it never propagates, so a scrape still
   * returns the last good values.
   */
  public synchronized void refreshIfDue() {
    Instant now = clock.instant();
    if (lastAttempt != null && now.isBefore(lastAttempt.plus(minInterval))) {
      return;
    }
    try {
      refreshNow();
    } catch (EventLogReadException e) {
      reportFailure(e, e.location());
    } catch (PipelineRunReadException e) {
      reportFailure(e, e.location());
    }
  }

  /**
   * Reads the event log, and the pipeline's runs where a run source is given, now, whatever the
   * interval, and reports a failure to the caller. When only the runs fail, the log's values are
   * still published.
   */
  public synchronized void refreshNow() throws EventLogReadException, PipelineRunReadException {
    lastAttempt = clock.instant();
    List<List<FlowProgress>> groups;
    try {
      groups = source.readGroups();
    } catch (EventLogReadException e) {
      metrics.onReadFailed();
      throw e;
    } catch (RuntimeException e) {
      // A source that breaks its contract must not take /metrics down with it.
      metrics.onReadFailed();
      throw new EventLogReadException(source.location(), e.toString(), e);
    }
    PipelineRunHistory history = null;
    PipelineRunReadException runsFailure = null;
    try {
      history = runs.read();
    } catch (PipelineRunReadException e) {
      runsFailure = e;
    } catch (RuntimeException e) {
      runsFailure = new PipelineRunReadException(runs.location(), e.toString(), e);
    }
    EventLogSummary summary = aggregator.update(groups);
    Map<String, Long> dropped = new HashMap<>();
    summary.datasets().forEach((dataset, totals) -> dropped.put(dataset, totals.droppedRecords()));
    DatasetFactsResolver.Resolution resolution = datasets.resolve(dropped);
    if (runsFailure != null) {
      metrics.onRunsReadFailed(summary, groups, resolution.facts());
      reportCatalogFailures(resolution.failures());
      throw runsFailure;
    }
    metrics.onRunsRead(history);
    metrics.onReadSucceeded(summary, groups, resolution.facts());
    reportCatalogFailures(resolution.failures());
    if (lastFailure != null) {
      log.info("read {} again", lastFailureLocation);
      lastFailure = null;
      lastFailureLocation = null;
    }
  }

  private void reportFailure(Exception e, String location) {
    if (!e.getMessage().equals(lastFailure)) {
      log.warn("{} (keeping the last good values; retrying at the next refresh)", e.getMessage());
      lastFailure = e.getMessage();
      lastFailureLocation = location;
    }
  }

  private void reportCatalogFailures(List<DatasetCatalogException> failures) {
    if (failures.isEmpty()) {
      return;
    }
    metrics.onCatalogReadFailed(failures.size());
    String message = failures.get(0).getMessage();
    if (!message.equals(lastCatalogFailure)) {
      log.warn(
          "{}{} (the dataset's layer or quarantine stays unknown; asking again within {})",
          message,
          failures.size() > 1 ? " and " + (failures.size() - 1) + " more" : "",
          CATALOG_RECHECK_INTERVAL);
      lastCatalogFailure = message;
    }
  }
}
