package io.clickflow.monitoring;

import static io.clickflow.monitoring.FlowProgressFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickflow.monitoring.databricks.DatabricksSources;
import io.clickflow.monitoring.databricks.DatabricksTarget;
import io.clickflow.monitoring.databricks.LocalDatabricks;
import io.clickflow.monitoring.databricks.LocalDatabricks.Answer;
import io.clickflow.monitoring.databricks.LocalDatabricks.Response;
import io.clickflow.monitoring.databricks.WarehouseSchema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code clickflow monitor --source databricks}: the real SDK against a local server that speaks
 * the Statement Execution and Jobs APIs, from the command line to the printed metrics.
 */
class MonitorCliDatabricksTest {

  private static final String CATALOG = "clickflow_test";
  private static final String SCHEMA = "clickstream";
  private static final String[] WORKSPACE = {
    "--source", "databricks", "--warehouse-id", "wh-local", "--catalog", CATALOG, "--schema", SCHEMA
  };

  private final LocalDatabricks api = LocalDatabricks.start();
  private final WarehouseSchema schema = new WarehouseSchema(CATALOG, SCHEMA);
  private final AtomicReference<DatabricksTarget> connected = new AtomicReference<>();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @AfterEach
  void stop() {
    api.close();
  }

  /** The pipeline's tables after two runs, and a job whose newest run failed. */
  private void deployedPipelineWithAFailedLastRun() {
    schema.append(PipelineRuns.run("run-1", T0, 0, 1_000));
    schema.append(PipelineRuns.run("run-2", T0.plusSeconds(900), 1, 800));
    PipelineRuns.LAYERS.forEach(schema::createDataset);
    schema.createDataset(PipelineRuns.QUARANTINED + "_quarantine", "silver");
    api.warehouse(schema);
    api.on(
        "GET",
        "/api/2.2/jobs/list",
        Response.ok("{\"jobs\":[{\"job_id\":11,\"settings\":{\"name\":\"clickflow_pipeline\"}}]}"));
    api.on(
        "GET",
        "/api/2.2/jobs/runs/list",
        Response.ok(
            "{\"runs\":["
                + run(102, "FAILED", T0.plusSeconds(1_800), 95_000)
                + ","
                + run(101, "SUCCESS", T0.plusSeconds(900), 80_000)
                + "]}"));
  }

  private static String run(long id, String result, Instant start, long millis) {
    return "{\"run_id\":"
        + id
        + ",\"job_id\":11,\"start_time\":"
        + start.toEpochMilli()
        + ",\"end_time\":"
        + (start.toEpochMilli() + millis)
        + ",\"run_duration\":"
        + millis
        + ",\"state\":{\"life_cycle_state\":\"TERMINATED\",\"result_state\":\""
        + result
        + "\"}}";
  }

  private int run(String... args) {
    MonitorCli cli =
        new MonitorCli(
            path -> {
              throw new AssertionError("the local event log must not be opened");
            },
            layout -> {
              throw new AssertionError("the local lakehouse must not be opened");
            },
            target -> {
              connected.set(target);
              return new DatabricksSources(api.workspace(), target, Clock.systemUTC(), d -> {});
            },
            Clock.systemUTC());
    var commandLine = MonitorCli.commandLine(cli);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  private static String[] with(String[] base, String... more) {
    List<String> all = new ArrayList<>(List.of(base));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void oncePrintsTheEventLogTablesAndJobRunsOfTheWorkspace() {
    deployedPipelineWithAFailedLastRun();

    int exit = run(with(WORKSPACE, "--once"));

    assertThat(err.toString()).isEmpty();
    assertThat(exit).isZero();
    double lastSuccess = T0.plusSeconds(900).toEpochMilli() / 1000.0 + 80;
    assertThat(out.toString())
        .contains("clickflow_flow_output_rows_total{dataset=\"bronze_events\"} 1804.0")
        .contains("clickflow_dataset_info{dataset=\"fact_events\",layer=\"gold\"} 1")
        .contains("clickflow_quarantined_records_total{dataset=\"silver_events\"} 6.0")
        .contains("clickflow_end_to_end_latency_seconds_count{dataset=\"fact_events\"} 2")
        .contains("clickflow_pipeline_last_run_state{state=\"failed\"} 1.0")
        .contains("clickflow_pipeline_last_run_state{state=\"succeeded\"} 0.0")
        .contains("clickflow_pipeline_last_run_duration_seconds 95.0")
        .contains("clickflow_pipeline_last_success_timestamp_seconds " + lastSuccess)
        .contains("clickflow_exporter_up 1.0");
    assertThat(api.requests("GET", "/api/2.2/jobs/list"))
        .singleElement()
        .satisfies(r -> assertThat(r.query()).containsEntry("name", "clickflow_pipeline"));
  }

  @Test
  void theOptionsBecomeTheTargetAndNoStatementCarriesAValueInItsText() {
    deployedPipelineWithAFailedLastRun();

    run(with(WORKSPACE, "--databricks-job-id", "11", "--profile", "prod", "--once"));

    assertThat(connected.get())
        .isEqualTo(
            new DatabricksTarget(
                "wh-local",
                CATALOG,
                SCHEMA,
                Optional.empty(),
                OptionalLong.of(11),
                Optional.of("prod")));
    assertThat(api.requests("GET", "/api/2.2/jobs/list")).isEmpty();
    assertThat(api.statements())
        .isNotEmpty()
        .allSatisfy(
            s -> {
              JsonNode body = s.body();
              assertThat(body.path("warehouse_id").asText()).isEqualTo("wh-local");
              assertThat(body.path("catalog").asText()).isEqualTo(CATALOG);
              assertThat(body.path("schema").asText()).isEqualTo(SCHEMA);
              assertThat(s.parameters()).isNotEmpty();
              s.parameters().values().forEach(value -> assertThat(s.sql()).doesNotContain(value));
            });
  }

  @Test
  void aFailedStatementExitsOneWithOneLineAndTheExporterDown() {
    deployedPipelineWithAFailedLastRun();
    api.warehouse(
        statement ->
            Answer.failed(
                "BAD_REQUEST",
                "[INSUFFICIENT_PERMISSIONS] User does not have USE SCHEMA",
                "42501"));

    int exit = run(with(WORKSPACE, "--once"));

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString())
        .contains("clickflow_exporter_up 0.0")
        .contains("clickflow_exporter_errors_total 1.0");
    assertThat(err.toString().lines())
        .singleElement()
        .isEqualTo(
            "monitor: read event log clickflow_test.clickstream.event_log on SQL warehouse"
                + " wh-local at "
                + api.url()
                + ": count rows: statement stmt-1 FAILED: BAD_REQUEST: [INSUFFICIENT_PERMISSIONS]"
                + " User does not have USE SCHEMA (SQLSTATE 42501)");
  }

  @Test
  void aJobThatCannotBeFoundExitsOneButTheLogIsPrinted() {
    deployedPipelineWithAFailedLastRun();

    int exit = run(with(WORKSPACE, "--databricks-job-name", "clickflow_pipeline_typo", "--once"));

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString())
        .contains("clickflow_exporter_up 0.0")
        .contains("clickflow_flow_output_rows_total{dataset=\"bronze_events\"} 1804.0");
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .startsWith(
            "monitor: read pipeline runs of job 'clickflow_pipeline_typo' at "
                + api.url()
                + ": no job is named 'clickflow_pipeline_typo'");
  }

  @Test
  void aWorkspaceThatCannotBeConfiguredIsOneLine() {
    MonitorCli cli =
        new MonitorCli(
            path -> new StrictEventLogSource(),
            layout -> DatasetCatalog.NONE,
            target -> {
              throw new IllegalStateException(
                  "connect to Databricks: no workspace host is configured — set DATABRICKS_HOST");
            },
            Clock.systemUTC());
    var commandLine = MonitorCli.commandLine(cli);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));

    int exit = commandLine.execute(with(WORKSPACE, "--once"));

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "monitor: connect to Databricks: no workspace host is configured — set"
                + " DATABRICKS_HOST\n");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--source databricks --catalog c --schema s",
        "--source databricks --warehouse-id w --schema s",
        "--source databricks --warehouse-id w --catalog c",
        "--source databricks --warehouse-id w --catalog c --schema s --databricks-job-name n"
            + " --databricks-job-id 1",
        "--source databricks --warehouse-id w --catalog c --schema s --databricks-job-id 0",
        "--source databricks --warehouse-id w --catalog c --schema s --databricks-job-id abc",
        "--source databricks --warehouse-id w --catalog c --schema s --lakehouse /lake",
        "--source databricks --warehouse-id w --catalog c --schema s --token abc",
        "--source databricks --warehouse-id w --catalog c --schema s --refresh-interval 10ms",
        "--lakehouse /lake --warehouse-id w",
        "--lakehouse /lake --profile prod",
        "--source s3 --lakehouse /lake",
        "--source databricks"
      })
  void badInputExitsTwoWithOneLineAndNeverConnects(String args) {
    int exit = run(args.split(" "));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().lines()).singleElement().asString().startsWith("monitor: ");
    assertThat(out.toString()).isEmpty();
    assertThat(connected.get()).isNull();
    assertThat(api.apiRequests()).isEmpty();
  }

  @Test
  void helpDocumentsTheDatabricksSource() {
    int exit = run("--help");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains(
            "--source",
            "--warehouse-id",
            "--catalog",
            "--schema",
            "--databricks-job-name",
            "--databricks-job-id",
            "--profile",
            "DATABRICKS_HOST",
            "Default: local",
            "Default: clickflow_pipeline",
            "Default: 5s, or 1m with")
        .doesNotContain("--token");
  }

  @Test
  void theDefaultJobNameIsTheOneTheBundleDeploys() throws Exception {
    JsonNode job =
        MonitoringFiles.YAML.readTree(
            MonitoringFiles.moduleDir()
                .resolveSibling("bundle")
                .resolve("resources/clickflow_pipeline.job.yml")
                .toFile());

    assertThat(job.path("resources").path("jobs").path("clickflow_pipeline").path("name").asText())
        .isEqualTo(DatabricksTarget.BUNDLE_JOB_NAME);
  }
}
