package io.clickflow.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clickflow.contract.EventLog;
import io.clickflow.monitoring.ExternalTool;
import io.clickflow.monitoring.PrometheusChecks;
import io.clickflow.monitoring.PrometheusServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard on a real local run, as the README's Monitor section sets it up: a producer
 * publishing at a steady rate (with faults) and serving its metrics, the pipeline over what has
 * landed, the exporter over the lakehouse, and a real Prometheus scraping both. Between pipeline
 * runs every dashboard query returns a series; after the second run, scraped while it ran, every
 * query has a finite value, every rule evaluates and every recording rule has a series;
 * Prometheus's expectation counters equal the event log's totals, summed here with Spark.
 */
class MonitoredRunTest {

  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final Pattern PRODUCER_PORT =
      Pattern.compile("serving metrics at http://localhost:(\\d+)/metrics");
  private static final Pattern EXPORTER_PORT =
      Pattern.compile("serving http://127\\.0\\.0\\.1:(\\d+)/metrics");

  @TempDir Path dir;

  private final List<Process> running = new ArrayList<>();
  private PrometheusServer prometheus;

  @AfterEach
  void stopEverything() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
    for (Process process : running) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void everyPanelHasDataDuringAndAfterPipelineRuns() throws Exception {
    Path prometheusBinary = ExternalTool.PROMETHEUS.require();
    Path landing = dir.resolve("landing");
    Path lake = dir.resolve("lake");
    int producerPort =
        startAndAwaitPort(
            "producer",
            "io.clickflow.producer.ProducerCli",
            PRODUCER_PORT,
            "--sink",
            "local:" + landing,
            "--rate",
            "100",
            "--max-file-age",
            "1s",
            "--metrics-port",
            "0",
            "--malformed-rate",
            "0.02",
            "--unknown-field-rate",
            "0.02",
            "--late-rate",
            "0.02",
            "--duplicate-rate",
            "0.02");
    await("landing files").atMost(PATIENCE).until(() -> landedFiles(landing) >= 3);

    PipelineHarness pipeline = new PipelineHarness(landing, lake, 0);
    pipeline.runOnce();
    int exporterPort =
        startAndAwaitPort(
            "monitoring",
            "io.clickflow.monitoring.MonitorCli",
            EXPORTER_PORT,
            "--lakehouse",
            lake.toString(),
            "--port",
            "0",
            "--refresh-interval",
            "500ms");
    prometheus =
        PrometheusServer.start(
            prometheusBinary,
            Files.createDirectories(dir.resolve("prometheus")),
            Map.of(
                "clickflow-exporter", "127.0.0.1:" + exporterPort,
                "clickflow-producer", "127.0.0.1:" + producerPort));
    await("both targets up")
        .atMost(PATIENCE)
        .ignoreExceptions()
        .untilAsserted(() -> PrometheusChecks.assertTargetsUp(prometheus));
    // Rates need a counter to move while Prometheus watches; until the next run they may be NaN,
    // but every query must already return a series.
    await("every dashboard query returns a series after the first run")
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(PrometheusChecks.panelQueriesWithoutSeries(prometheus)).isEmpty());

    pipeline.runOnce(); // scraped while it runs
    assertEverythingHasData("after the second run");
    Map<String, Double> passed = eventLogTotals(pipeline, false);
    Map<String, Double> failed = eventLogTotals(pipeline, true);
    assertThat(failed.values()).as("the faults failed some expectation").anyMatch(v -> v > 0);
    await("Prometheus's expectation counters equal the event log's totals")
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(
                      PrometheusChecks.series(
                          prometheus, "clickflow_expectation_passed_records_total", "expectation"))
                  .isEqualTo(passed);
              assertThat(
                      PrometheusChecks.series(
                          prometheus, "clickflow_expectation_failed_records_total", "expectation"))
                  .isEqualTo(failed);
            });
  }

  private void assertEverythingHasData(String when) {
    await("every dashboard query has data " + when)
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(PrometheusChecks.deadPanelQueries(prometheus)).isEmpty());
    await("every recording rule has a series " + when)
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(PrometheusChecks.emptyRecordingRules(prometheus)).isEmpty());
    await("every rule evaluates " + when)
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(PrometheusChecks.unhealthyRules(prometheus)).isEmpty());
  }

  /** Passed (or failed, per action) records per dataset and expectation, from the event log. */
  private static Map<String, Double> eventLogTotals(PipelineHarness pipeline, boolean failed) {
    List<Row> rows =
        pipeline
            .store()
            .read(EventLog.TABLE)
            .select(explode(col(EventLog.DATA_QUALITY + "." + EventLog.EXPECTATIONS)).as("e"))
            .groupBy("e.dataset", "e.name", "e.action")
            .agg(
                sum(
                    "e."
                        + (failed
                            ? EventLog.Expectation.FAILED_RECORDS
                            : EventLog.Expectation.PASSED_RECORDS)))
            .collectAsList();
    Map<String, Double> totals = new HashMap<>();
    for (Row r : rows) {
      String key = r.getString(0) + "/" + r.getString(1) + (failed ? "/" + r.getString(2) : "");
      totals.merge(key, (double) r.getLong(3), Double::sum);
    }
    return totals;
  }

  /** Starts a module's main class and waits for the port it announces on stdout or stderr. */
  private int startAndAwaitPort(String module, String mainClass, Pattern port, String... args)
      throws IOException {
    Path log = dir.resolve(module + ".log");
    Process process =
        ModuleProcess.of(module, mainClass, args)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    running.add(process);
    return await(module + " serving metrics")
        .atMost(PATIENCE)
        .until(
            () -> {
              String output = Files.readString(log);
              assertThat(process.isAlive()).as(module + " running; output:\n" + output).isTrue();
              Matcher matcher = port.matcher(output);
              return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
            },
            p -> p > 0);
  }

  private static long landedFiles(Path landing) throws IOException {
    if (!Files.isDirectory(landing)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(landing)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".json")).count();
    }
  }
}
