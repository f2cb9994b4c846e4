package io.clickflow.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the event log into {@link PipelineMetrics}, at most once per interval however often
 * Prometheus scrapes, so that several scrapers or a short scrape interval do not multiply the
 * reads. Failed reads are throttled the same way.
 */
public final class MetricsRefresher {

  private static final Logger log = LoggerFactory.getLogger(MetricsRefresher.class);

  private final EventLogSource source;
  private final PipelineMetrics metrics;
  private final Clock clock;
  private final Duration minInterval;

  private Instant lastAttempt;
  private String lastFailure;

  public MetricsRefresher(
      EventLogSource source, PipelineMetrics metrics, Clock clock, Duration minInterval) {
    this.source = Objects.requireNonNull(source, "source");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(minInterval, "minInterval");
    if (minInterval.isNegative()) {
      throw new IllegalArgumentException("minInterval must not be negative, got " + minInterval);
    }
    this.minInterval = minInterval;
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
      if (!e.getMessage().equals(lastFailure)) {
        log.warn("{} (keeping the last good values; retrying on a later scrape)", e.getMessage());
        lastFailure = e.getMessage();
      }
    }
  }

  /** Reads the event log now, whatever the interval, and reports a failure to the caller. */
  public synchronized void refreshNow() throws EventLogReadException {
    lastAttempt = clock.instant();
    try {
      metrics.onReadSucceeded(source.readAll());
    } catch (EventLogReadException e) {
      metrics.onReadFailed();
      throw e;
    } catch (RuntimeException e) {
      // A source that breaks its contract must not take /metrics down with it.
      metrics.onReadFailed();
      throw new EventLogReadException(source.location(), e.toString(), e);
    }
    if (lastFailure != null) {
      log.info("read event log {} again", source.location());
      lastFailure = null;
    }
  }
}
