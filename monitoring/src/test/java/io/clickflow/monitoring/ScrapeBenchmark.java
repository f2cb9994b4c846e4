package io.clickflow.monitoring;

import static io.clickflow.monitoring.FlowProgressFixtures.expectation;
import static io.clickflow.monitoring.FlowProgressFixtures.flow;

import io.clickflow.contract.EventLog;
import io.clickflow.contract.LakehouseLayout;
import io.delta.kernel.engine.Engine;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Scrape time of the exporter over HTTP, for a pipeline of 50 datasets with 10 expectations each: a
 * real Delta event log and real dataset tables, read with Delta Kernel, served by {@link
 * ExporterServer}. A main class rather than a test, so that a noisy machine never fails a build:
 *
 * <pre>
 * mvn -B -q install -DskipTests -pl monitoring -am
 * mvn -B -q -pl monitoring test-compile exec:java
 * </pre>
 *
 * Scrapes are timed per request from the client, with connection reuse as Prometheus does: on an
 * idle log, and while the pipeline commits a run every 200 ms and the background refresh re-reads
 * the log every 100 ms (its minimum). The refresh itself is timed too: it is off the scrape path,
 * but it is what a new commit costs.
 */
public final class ScrapeBenchmark {

  private static final int DATASETS = 50;
  private static final int EXPECTATIONS = 10;
  private static final int COMMITS = 96;
  private static final int WARMUP = 1_000;
  private static final int SCRAPES = 1_000;
  private static final int REFRESHES = 100;
  private static final double TARGET_P99_MS = 50;

  private final HttpClient http = HttpClient.newHttpClient();
  private final Engine engine = DeltaKernelEventLogSource.defaultEngine();
  private final LakehouseLayout layout;
  private final EventLogTable eventLog;
  private long batchId;

  private ScrapeBenchmark(Path root) {
    this.layout = new LakehouseLayout(root.toString());
    this.eventLog = new EventLogTable(engine, layout.table(EventLog.TABLE));
  }

  public static void main(String[] args) throws Exception {
    Path root = Files.createTempDirectory("clickflow-scrape-bench");
    try {
      new ScrapeBenchmark(root).run();
    } finally {
      deleteRecursively(root);
    }
  }

  private void run() throws Exception {
    DatasetTables tables = new DatasetTables(engine, layout);
    for (int d = 0; d < DATASETS; d++) {
      tables.create(dataset(d), List.of("bronze", "silver", "gold").get(d % 3));
      if (d % 5 == 1) {
        tables.createQuarantine(dataset(d), "silver");
      }
    }
    for (int c = 0; c < COMMITS; c++) {
      commit();
    }
    System.out.printf(
        Locale.ROOT,
        "scrape benchmark: %d datasets x %d expectations; event log of %d runs (a day of a"
            + " 15-minute schedule), %d rows; Java %s, %d cores%n%n",
        DATASETS,
        EXPECTATIONS,
        COMMITS,
        DATASETS * COMMITS,
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    System.out.println("| case | samples | series | p50 ms | p95 ms | p99 ms | max ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PipelineMetrics metrics = new PipelineMetrics();
    metrics.bindTo(registry);
    MetricsRefresher refresher =
        new MetricsRefresher(
            new DeltaKernelEventLogSource(engine, layout.table(EventLog.TABLE)),
            new DeltaKernelDatasetCatalog(engine, layout),
            metrics,
            Clock.systemUTC(),
            Duration.ofMillis(100));
    refresher.refreshNow();
    double[] idle;
    double[] busy;
    try (ExporterServer server =
        ExporterServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry)) {
      HttpRequest request = HttpRequest.newBuilder(server.metricsUri()).build();
      idle = scrapes("scrape, idle log", request);
      try (AutoCloseable background = refresher.refreshInBackground();
          AutoCloseable pipeline = commitEvery(Duration.ofMillis(200))) {
        busy = scrapes("scrape, a run committed every 200 ms, re-read every 100 ms", request);
      }
    }
    double[] refresh = refreshes(refresher);
    double worstP99 = Math.max(idle[2], busy[2]);
    System.out.printf(
        Locale.ROOT,
        "%nworst scrape p99 %.1f ms: %s the %.0f ms target (refresh p99 %.1f ms, off the scrape"
            + " path)%n",
        worstP99,
        worstP99 <= TARGET_P99_MS ? "within" : "ABOVE",
        TARGET_P99_MS,
        refresh[2]);
  }

  private double[] scrapes(String label, HttpRequest request) throws Exception {
    double[] millis = new double[SCRAPES];
    String body = "";
    for (int i = -WARMUP; i < SCRAPES; i++) {
      long start = System.nanoTime();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      long elapsed = System.nanoTime() - start;
      if (response.statusCode() != 200) {
        throw new IllegalStateException("scrape " + request.uri() + ": " + response);
      }
      body = response.body();
      if (i >= 0) {
        millis[i] = elapsed / 1e6;
      }
    }
    long series = body.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
    return report(label, millis, series);
  }

  /** Times the read of the log right after each of a series of new commits. */
  private double[] refreshes(MetricsRefresher refresher) throws Exception {
    double[] millis = new double[REFRESHES];
    for (int i = 0; i < REFRESHES; i++) {
      commit();
      long start = System.nanoTime();
      refresher.refreshNow();
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    return report("refresh right after a new run's commit (background)", millis, 0);
  }

  /** Returns p50, p95, p99 and max in milliseconds, and prints them as a table row. */
  private static double[] report(String label, double[] millis, long series) {
    Arrays.sort(millis);
    double[] result = {
      percentile(millis, 0.50),
      percentile(millis, 0.95),
      percentile(millis, 0.99),
      millis[millis.length - 1]
    };
    System.out.printf(
        Locale.ROOT,
        "| %s | %d | %s | %.1f | %.1f | %.1f | %.1f |%n",
        label,
        millis.length,
        series > 0 ? Long.toString(series) : "",
        result[0],
        result[1],
        result[2],
        result[3]);
    return result;
  }

  private AutoCloseable commitEvery(Duration period) {
    ScheduledExecutorService pipeline = Executors.newSingleThreadScheduledExecutor();
    pipeline.scheduleWithFixedDelay(
        this::commit, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    return () -> {
      pipeline.shutdown();
      pipeline.awaitTermination(1, TimeUnit.MINUTES);
    };
  }

  /** One run of the pipeline: a batch per dataset, in one commit, as the pipeline appends. */
  private synchronized void commit() {
    Instant at = Instant.now();
    List<FlowProgress> rows = new ArrayList<>();
    for (int d = 0; d < DATASETS; d++) {
      ExpectationResult[] results = new ExpectationResult[EXPECTATIONS];
      for (int e = 0; e < EXPECTATIONS; e++) {
        results[e] =
            expectation(dataset(d), "expectation_" + e, e % 3 == 0 ? "DROP" : "WARN", 990, 10);
      }
      rows.add(
          flow(dataset(d))
              .at(at)
              .run("run-" + batchId)
              .batch(batchId)
              .rows(1_000, 970)
              .dropped(30)
              .late(2)
              .rescued(5)
              .expectations(results)
              .maxEventTime(at.minusSeconds(40))
              .build());
    }
    eventLog.append(rows);
    batchId++;
  }

  private static String dataset(int index) {
    return String.format(Locale.ROOT, "dataset_%02d", index);
  }

  private static double percentile(double[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
