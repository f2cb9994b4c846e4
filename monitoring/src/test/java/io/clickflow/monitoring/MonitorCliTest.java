package io.clickflow.monitoring;

import static io.clickflow.monitoring.FlowProgressFixtures.flow;
import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.contract.EventLog;
import io.clickflow.contract.LakehouseLayout;
import io.delta.kernel.engine.Engine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MonitorCliTest {

  @TempDir Path lakehouse;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void oncePrintsMetricsOfTheLakehouseEventLog() {
    String tablePath = new LakehouseLayout(lakehouse.toString()).table(EventLog.TABLE);
    new EventLogTable(DeltaKernelEventLogSource.defaultEngine(), tablePath)
        .append(List.of(flow("bronze_events").rows(5, 5).rescued(1).build()));

    int exit =
        run(DeltaKernelEventLogSource::forPath, "--lakehouse", lakehouse.toString(), "--once");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("clickflow_flow_output_rows_total{dataset=\"bronze_events\"} 5.0")
        .contains("clickflow_rescued_records_total{dataset=\"bronze_events\"} 1.0")
        .contains("clickflow_exporter_up 1.0");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void onceReadsLayersAndQuarantinesFromTheDatasetTables() {
    LakehouseLayout layout = new LakehouseLayout(lakehouse.toString());
    Engine engine = DeltaKernelEventLogSource.defaultEngine();
    new EventLogTable(engine, layout.table(EventLog.TABLE))
        .append(
            List.of(
                flow("silver_events").rows(5, 4).dropped(1).build(),
                flow("fact_events").rows(4, 4).maxEventTime(FlowProgressFixtures.T0).build()));
    DatasetTables tables = new DatasetTables(engine, layout);
    tables.create("silver_events", "silver");
    tables.createQuarantine("silver_events", "silver");
    tables.create("fact_events", "gold");

    int exit =
        runWith(
            MonitorCli.withDeltaKernel(Clock.systemUTC()),
            "--lakehouse",
            lakehouse.toString(),
            "--once");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("clickflow_dataset_info{dataset=\"fact_events\",layer=\"gold\"} 1")
        .contains("clickflow_quarantined_records_total{dataset=\"silver_events\"} 1.0")
        .contains("clickflow_end_to_end_latency_seconds_count{dataset=\"fact_events\"} 1");
  }

  @Test
  void onceOnAFreshLakehouseReportsUpWithNoPipelineSeries() {
    int exit =
        run(DeltaKernelEventLogSource::forPath, "--lakehouse", lakehouse.toString(), "--once");

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("clickflow_exporter_up 1.0").doesNotContain("dataset=");
  }

  @Test
  void readsTheEventLogTableOfTheLakehouse() {
    AtomicReference<String> opened = new AtomicReference<>();
    run(
        path -> {
          opened.set(path);
          return new InMemoryEventLogSource();
        },
        "--lakehouse",
        "/data/lake/",
        "--once");

    assertThat(opened).hasValue("/data/lake/tables/event_log");
  }

  @Test
  void servesUntilStopped() throws Exception {
    InMemoryEventLogSource source = new InMemoryEventLogSource();
    source.append(List.of(flow("silver_events").rows(3, 2).build()));
    AtomicInteger exit = new AtomicInteger(-1);
    Thread cli =
        new Thread(
            () -> exit.set(run(path -> source, "--lakehouse", "/lake", "--port", "0")),
            "monitor-cli-test");
    cli.start();

    String url = awaitServingUrl();
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofString());
    cli.interrupt();
    cli.join(10_000);

    assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/metrics");
    assertThat(response.body())
        .contains("clickflow_flow_output_rows_total{dataset=\"silver_events\"} 2.0");
    assertThat(exit).hasValue(0);
  }

  /** Polls the CLI's output: the port is only known once the server has bound it. */
  private String awaitServingUrl() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> line =
          out.toString().lines().filter(l -> l.startsWith("serving ")).findFirst();
      if (line.isPresent()) {
        return line.get().substring("serving ".length());
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no 'serving' line within 10 s; stderr: " + err);
  }

  @Test
  void relativeLakehouseIsResolvedAgainstTheWorkingDirectory() {
    AtomicReference<String> opened = new AtomicReference<>();
    run(
        path -> {
          opened.set(path);
          return new InMemoryEventLogSource();
        },
        "--lakehouse",
        "lake",
        "--once");

    assertThat(opened).hasValue(Path.of("lake").toAbsolutePath() + "/tables/" + EventLog.TABLE);
  }

  @Test
  void onceWithAnUnreadableLogPrintsMetricsAndFailsWithOneLine() {
    EventLogSource broken =
        new StrictEventLogSource() {
          @Override
          public List<List<FlowProgress>> readGroups() throws EventLogReadException {
            throw new EventLogReadException("/lake/tables/event_log", "version 3: boom", null);
          }
        };

    int exit = run(path -> broken, "--lakehouse", "/lake", "--once");

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).contains("clickflow_exporter_up 0.0");
    assertThat(err.toString())
        .isEqualTo("monitor: read event log /lake/tables/event_log: version 3: boom\n");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--once",
        "--lakehouse /lake --port 70000",
        "--lakehouse /lake --port -1",
        "--lakehouse /lake --port abc",
        "--lakehouse /lake --refresh-interval 5x",
        "--lakehouse /lake --refresh-interval -PT5S",
        "--lakehouse /lake --refresh-interval 50ms",
        "--lakehouse /lake --bind no-such-host.invalid",
        "--lakehouse /lake --unknown",
        "--lakehouse"
      })
  void badInputExitsTwoWithOneLine(String args) {
    int exit = run(path -> new StrictEventLogSource(), args.split(" "));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().lines()).singleElement().asString().startsWith("monitor: ");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void helpReadsLikeAManPage() {
    int exit = run(path -> new StrictEventLogSource(), "--help");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "EXAMPLES")
        .contains("--lakehouse", "--port", "--bind", "--refresh-interval", "--once")
        .contains("Default: 9464", "Default: 127.0.0.1", "Default: 5s");
  }

  private int run(Function<String, EventLogSource> sources, String... args) {
    return runWith(new MonitorCli(sources, Clock.systemUTC()), args);
  }

  private int runWith(MonitorCli cli, String... args) {
    var commandLine = MonitorCli.commandLine(cli);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }
}
