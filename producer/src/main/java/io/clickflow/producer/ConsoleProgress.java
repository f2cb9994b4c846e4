package io.clickflow.producer;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints a run's progress on stderr. On a terminal, one line rewritten in place about once a
 * second: events, events/s (over the whole run on the last line), files, retries and errors.
 * Elsewhere (a log file, a pipe, CI), plain lines that a script can follow: about every tenth of a
 * run with an event count, and in a live run one line after a published file, at most one per
 * interval, reporting only what is already visible in the sink.
 */
final class ConsoleProgress implements ProgressListener, AutoCloseable {

  /** The counter the retrying sink keeps; absent when the sink does not retry. */
  static final String RETRIES = "clickflow.producer.publish.retries";

  private static final Duration TICK = Duration.ofSeconds(1);

  private final PrintWriter err;
  private final boolean terminal;
  private final boolean live;
  private final long eventsTotal;
  private final Duration interval;
  private final Clock clock;
  private final ProducerMetrics metrics;
  private final MeterRegistry registry;
  private final Instant startedAt;
  private ScheduledExecutorService ticker;
  private Instant lastPrinted;
  private Instant lastTick;
  private long lastTickEvents;
  private int lastWidth;
  private String lastPublishedLine;
  private boolean done;

  /**
   * @param terminal whether stderr is a terminal that understands a carriage return
   * @param live whether the run is live ({@link ProducerConfig#live()}), which prints on publishes
   * @param eventsTotal the run's event count, or {@link ProducerConfig#UNLIMITED_EVENTS}
   * @param interval the least time between two plain lines of a live run; zero prints every file
   * @param registry where the retry counter is found, if the sink keeps one
   */
  ConsoleProgress(
      PrintWriter err,
      boolean terminal,
      boolean live,
      long eventsTotal,
      Duration interval,
      Clock clock,
      ProducerMetrics metrics,
      MeterRegistry registry) {
    this.err = err;
    this.terminal = terminal;
    this.live = live;
    this.eventsTotal = eventsTotal;
    this.interval = interval;
    this.clock = clock;
    this.metrics = metrics;
    this.registry = registry;
    this.startedAt = clock.instant();
    this.lastTick = startedAt;
  }

  /** Starts the once-a-second line on a terminal; does nothing otherwise. */
  void start() {
    if (!terminal) {
      return;
    }
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "clickflow-progress");
              thread.setDaemon(true);
              return thread;
            });
    ticker.scheduleAtFixedRate(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void generated(Progress progress) {
    if (!terminal && progress.totalKnown() && !live) {
      printBatchLine(progress);
    }
  }

  @Override
  public synchronized void published(Progress progress) {
    if (terminal || !live) {
      return;
    }
    Instant now = clock.instant();
    if (lastPrinted == null || !now.isBefore(lastPrinted.plus(interval))) {
      lastPrinted = now;
      printPublishedLine(progress);
    }
  }

  @Override
  public synchronized void finished(Progress progress) {
    done = true;
    if (terminal) {
      stopTicker();
      double seconds = Duration.between(startedAt, clock.instant()).toNanos() / 1e9;
      double overall = seconds > 0 ? progress.eventsGenerated() / seconds : 0;
      rewrite(terminalLine(progress.eventsGenerated(), progress.eventsTotal(), overall));
      err.println();
      err.flush();
    } else if (progress.totalKnown() && !live) {
      printBatchLine(progress);
    } else {
      printPublishedLine(progress);
    }
  }

  /** Ends the terminal line, if a failed run left it open. */
  @Override
  public synchronized void close() {
    stopTicker();
    if (terminal && !done && lastWidth > 0) {
      err.println();
      err.flush();
    }
  }

  /**
   * The terminal line: e.g. {@code produce: 12000/100000 events (12%), 4000 events/s, 3 files, 0
   * retries, 0 errors}.
   */
  String terminalLine(long generated, long total, double perSecond) {
    StringBuilder line = new StringBuilder("produce: ").append(generated);
    if (total != ProducerConfig.UNLIMITED_EVENTS) {
      line.append('/').append(total).append(" events (").append(generated * 100 / total);
      line.append("%)");
    } else {
      line.append(" events");
    }
    line.append(String.format(Locale.ROOT, ", %.0f events/s", perSecond));
    line.append(", ").append(metrics.filesPublished()).append(" files");
    line.append(", ").append(retries(registry)).append(" retries");
    line.append(", ").append(metrics.publishErrors()).append(" errors");
    return line.toString();
  }

  /** The sum of the retry counter's series in {@code registry}, or 0 when there is none. */
  static long retries(MeterRegistry registry) {
    double sum = 0;
    for (Meter meter : registry.find(RETRIES).meters()) {
      for (Measurement measurement : meter.measure()) {
        if (measurement.getStatistic() == Statistic.COUNT) {
          sum += measurement.getValue();
        }
      }
    }
    return (long) sum;
  }

  private synchronized void tick() {
    if (!done) {
      rewrite(terminalLine(metrics.eventsGenerated(), eventsTotal, perSecond()));
    }
  }

  /** Events per second since the last call. */
  private double perSecond() {
    Instant now = clock.instant();
    long events = metrics.eventsGenerated();
    double seconds = Duration.between(lastTick, now).toNanos() / 1e9;
    double rate = seconds > 0 ? (events - lastTickEvents) / seconds : 0;
    lastTick = now;
    lastTickEvents = events;
    return rate;
  }

  private void rewrite(String line) {
    // Pads with spaces so a shorter line fully covers the longer one before it.
    err.print('\r' + line + " ".repeat(Math.max(0, lastWidth - line.length())));
    err.flush();
    lastWidth = line.length();
  }

  private void printBatchLine(Progress progress) {
    err.printf(
        "produce: %d/%d events (%d%%), %d files published%n",
        progress.eventsGenerated(),
        progress.eventsTotal(),
        progress.eventsGenerated() * 100 / progress.eventsTotal(),
        progress.filesPublished());
    err.flush();
  }

  private void printPublishedLine(Progress progress) {
    String line =
        String.format(
            Locale.ROOT,
            "produce: published %d events in %d files; %d generated, %d retries, %d errors",
            progress.linesPublished(),
            progress.filesPublished(),
            progress.eventsGenerated(),
            retries(registry),
            metrics.publishErrors());
    // The end of a run often repeats the line of its last file; once is enough.
    if (!line.equals(lastPublishedLine)) {
      err.println(line);
      err.flush();
      lastPublishedLine = line;
    }
  }

  private void stopTicker() {
    if (ticker != null) {
      ticker.shutdownNow();
      ticker = null;
    }
  }
}
