package io.clickflow.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clickflow.contract.EventLog;
import io.clickflow.contract.LakehouseLayout;
import io.delta.kernel.engine.Engine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard and the rules against a real Prometheus that scrapes a real exporter, reading a
 * Delta event log written with Delta Kernel, and a real producer publishing into a local folder.
 * Between two scrapes a second pipeline run lands in the log, as it would during a local run. Every
 * panel query must return data, every recording rule a series, every rule must evaluate without
 * error, and Prometheus's expectation counters must equal the event log's totals.
 */
class RealPrometheusTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final Pattern PRODUCER_PORT =
      Pattern.compile("serving metrics at http://localhost:(\\d+)/metrics");

  @TempDir Path work;

  private final List<AutoCloseable> running = new ArrayList<>();

  @AfterEach
  void stopEverything() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  @Test
  void everyPanelHasDataAndTheExpectationCountsAreTheEventLogs() throws Exception {
    Path prometheusBinary = ExternalTool.PROMETHEUS.require();
    LakehouseLayout lakehouse = new LakehouseLayout(work.resolve("lakehouse").toString());
    Engine engine = DeltaKernelEventLogSource.defaultEngine();
    EventLogTable eventLog = new EventLogTable(engine, lakehouse.table(EventLog.TABLE));
    DatasetTables tables = new DatasetTables(engine, lakehouse);
    PipelineRuns.LAYERS.forEach(tables::create);
    tables.createQuarantine(PipelineRuns.QUARANTINED, "silver");
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<FlowProgress> firstRun = PipelineRuns.run("run-1", now.minusSeconds(900), 0, 1_000);
    List<FlowProgress> secondRun = PipelineRuns.run("run-2", now.minusSeconds(30), 1, 600);
    eventLog.append(firstRun);

    int exporterPort = startExporter(lakehouse);
    int producerPort = startProducer();
    PrometheusServer prometheus =
        PrometheusServer.start(
            prometheusBinary,
            Files.createDirectories(work.resolve("prometheus")),
            Map.of(
                "clickflow-exporter", "127.0.0.1:" + exporterPort,
                "clickflow-producer", "127.0.0.1:" + producerPort));
    running.add(prometheus);

    await("both targets up")
        .atMost(PATIENCE)
        .ignoreExceptionsInstanceOf(UncheckedIOException.class)
        .untilAsserted(() -> PrometheusChecks.assertTargetsUp(prometheus));
    awaitOutputRows(prometheus, firstRun);
    eventLog.append(secondRun);
    List<FlowProgress> both = new ArrayList<>(firstRun);
    both.addAll(secondRun);
    awaitOutputRows(prometheus, both);

    await("every dashboard query returns a finite value")
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(PrometheusChecks.deadPanelQueries(prometheus)).isEmpty());
    await("every recording rule returns a series")
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(PrometheusChecks.emptyRecordingRules(prometheus)).isEmpty());
    await("every rule evaluated without error")
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(PrometheusChecks.unhealthyRules(prometheus)).isEmpty());
    List<FlowProgress> logged =
        new DeltaKernelEventLogSource(engine, lakehouse.table(EventLog.TABLE)).readAll();
    assertThat(
            PrometheusChecks.series(
                prometheus, "clickflow_expectation_passed_records_total", "expectation"))
        .isEqualTo(expectationTotals(logged, false));
    assertThat(
            PrometheusChecks.series(
                prometheus, "clickflow_expectation_failed_records_total", "expectation"))
        .isEqualTo(expectationTotals(logged, true));
  }

  private int startExporter(LakehouseLayout lakehouse) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var commandLine = MonitorCli.commandLine(MonitorCli.withDeltaKernel(Clock.systemUTC()));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    Thread exporter =
        new Thread(
            () ->
                commandLine.execute(
                    "--lakehouse", lakehouse.root(), "--port", "0", "--refresh-interval", "500ms"),
            "real-prometheus-exporter");
    exporter.start();
    running.add(
        () -> {
          exporter.interrupt();
          exporter.join(10_000);
        });
    Pattern serving = Pattern.compile("serving http://127\\.0\\.0\\.1:(\\d+)/metrics");
    return await("the exporter serving; stderr: " + err)
        .atMost(PATIENCE)
        .until(() -> firstGroup(serving, out.toString()), port -> port > 0);
  }

  /** The producer as users start it, in its own JVM, paced so that it runs until stopped. */
  private int startProducer() throws IOException {
    Path stderr = work.resolve("producer.err");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process producer =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.clickflow.producer.ProducerCli",
                "--sink",
                "local:" + work.resolve("landing"),
                "--rate",
                "50",
                "--max-file-age",
                "1s",
                "--metrics-port",
                "0")
            .redirectOutput(work.resolve("producer.out").toFile())
            .redirectError(stderr.toFile())
            .start();
    running.add(
        () -> {
          producer.destroy();
          if (!producer.waitFor(20, TimeUnit.SECONDS)) {
            producer.destroyForcibly();
          }
        });
    return await("the producer serving metrics")
        .atMost(PATIENCE)
        .until(
            () -> {
              assertThat(producer.isAlive())
                  .as("producer running; stderr:\n" + Files.readString(stderr))
                  .isTrue();
              return firstGroup(PRODUCER_PORT, Files.readString(stderr));
            },
            port -> port > 0);
  }

  private static int firstGroup(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
  }

  /** Waits until Prometheus has scraped the exporter after it read these rows. */
  private static void awaitOutputRows(PrometheusServer prometheus, List<FlowProgress> rows) {
    double expected = rows.stream().mapToLong(FlowProgress::outputRows).sum();
    await("Prometheus sees " + (long) expected + " output rows")
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(prometheus.query("sum(clickflow_flow_output_rows_total)"))
                    .singleElement()
                    .extracting(r -> r.at("/value/1").asDouble())
                    .isEqualTo(expected));
  }

  /** The event log's totals, summed here rather than by the exporter. */
  private static Map<String, Double> expectationTotals(List<FlowProgress> rows, boolean failed) {
    Map<String, Double> totals = new HashMap<>();
    for (FlowProgress row : rows) {
      for (ExpectationResult e : row.expectations()) {
        String key = e.dataset() + "/" + e.name() + (failed ? "/" + e.action() : "");
        totals.merge(key, (double) (failed ? e.failedRecords() : e.passedRecords()), Double::sum);
      }
    }
    return totals;
  }
}
