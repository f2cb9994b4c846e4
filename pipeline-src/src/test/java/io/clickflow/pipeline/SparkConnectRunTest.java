package io.clickflow.pipeline;

import static io.clickflow.pipeline.PipelineHarness.sum;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clickflow.contract.EventLog;
import io.clickflow.pipeline.runtime.FlowProgressRecord;
import io.clickflow.pipeline.runtime.SparkSessions;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline as Databricks serverless runs it: the main class is a Spark Connect client, and
 * every batch function runs on the server, where the client's memory is out of reach. A real Spark
 * Connect server runs as its own JVM, and {@code pipeline run} as another, with tables in the
 * server's catalog. The run must write what a classic run writes, event log included, from the same
 * landing files.
 */
class SparkConnectRunTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  /** Columns that record when a row was written, not what it says. */
  private static final String[] RUN_TIME_COLUMNS = {
    "user_sk", "_ingested_at", "_quarantined_at", "_routed_at"
  };

  private static final List<String> TABLES =
      List.of(
          "bronze_events",
          "silver_events",
          "silver_events_quarantine",
          "dim_user",
          "fact_events",
          "fact_sessions",
          "mv_daily_active_users",
          "mv_funnel_daily",
          "mv_top_pages",
          "mv_session_kpis");

  @TempDir static Path dir;

  private static Process server;
  private static int port;

  @BeforeAll
  static void startServer() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    server =
        java(
                "connect-server",
                List.of(
                    "-Dspark.master=local[2]",
                    "-Dspark.connect.grpc.binding.address=127.0.0.1",
                    "-Dspark.connect.grpc.binding.port=" + port,
                    "-Dspark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension",
                    "-Dspark.sql.catalog.spark_catalog="
                        + "org.apache.spark.sql.delta.catalog.DeltaCatalog",
                    "-Dspark.sql.warehouse.dir=" + dir.resolve("warehouse"),
                    "-Dspark.sql.session.timeZone=UTC",
                    "-Dspark.sql.shuffle.partitions=4",
                    "-Dspark.ui.enabled=false",
                    "org.apache.spark.sql.connect.service.SparkConnectServer"))
            .start();
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              assertThat(server.isAlive()).as(log("connect-server")).isTrue();
              try (Socket ignored = new Socket("127.0.0.1", port)) {
                return true;
              } catch (IOException notYet) {
                return false;
              }
            });
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.destroyForcibly();
    }
  }

  /** A JVM on this test's classpath, with Spark's flags, its output in {@code <name>.log}. */
  private static ProcessBuilder java(String name, List<String> args) throws IOException {
    return ModuleProcess.onTestClasspath("1g", args)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile());
  }

  private static String log(String name) {
    try {
      return Files.readString(dir.resolve(name + ".log"));
    } catch (IOException e) {
      return "(no " + name + " log)";
    }
  }

  @Test
  void aRunThroughSparkConnectWritesWhatAClassicRunWrites() throws Exception {
    LandingFixture landing = new LandingFixture(dir.resolve("landing"));
    for (int i = 0; i < 30; i++) {
      String plan = i < 15 ? "free" : "pro";
      landing.add(
          LandingFixture.event(
              "u" + (i % 4),
              i % 7 == 0 ? "purchase" : "page_view",
              T0.plusSeconds(i * 40L),
              plan,
              i % 3 == 0 ? "DE" : "FR"));
    }
    var duplicate = LandingFixture.event("u1", "click", T0.plusSeconds(900), "pro", "DE");
    landing.add(duplicate).add(duplicate);
    landing.add(
        LandingFixture.event("u2", "click", T0.plusSeconds(910), "pro", "DE").put("surprise", 1));
    landing.addRaw("{\"event_id\": \"truncated");
    landing.addRaw("");
    landing.add(
        LandingFixture.event("u3", "click", T0, "free", "DE").put("event_time", "yesterday"));
    landing.publish();

    PipelineHarness classic =
        new PipelineHarness(dir.resolve("landing"), dir.resolve("classic"), 0);
    List<FlowProgressRecord> classicLog = classic.runOnce();

    ProcessBuilder run =
        java(
            "pipeline-run",
            List.of(
                PipelineCli.class.getName(),
                "run",
                "--landing",
                dir.resolve("landing").toString(),
                "--catalog",
                "spark_catalog",
                "--schema",
                "default",
                "--checkpoints",
                dir.resolve("checkpoints").toString()));
    run.environment().put(SparkSessions.SPARK_REMOTE, "sc://127.0.0.1:" + port);
    run.environment().put("CLICKFLOW_PII_PEPPER", PipelineHarness.PEPPER);
    Process pipeline = run.start();
    assertThat(pipeline.waitFor(10, TimeUnit.MINUTES)).as("pipeline run ends").isTrue();
    assertThat(pipeline.exitValue()).as(log("pipeline-run")).isZero();
    assertThat(log("pipeline-run")).contains("through Spark Connect");

    // Managed tables of the default schema live at the root of the server's warehouse.
    SparkSession spark = SharedSpark.session();
    for (String table : TABLES) {
      assertThat(contents(spark.read().format("delta").load(managed(table))))
          .as(table)
          .isNotEmpty()
          .containsExactlyElementsOf(contents(classic.store().read(table)));
    }
    Dataset<Row> eventLog = spark.read().format("delta").load(managed(EventLog.TABLE));
    for (String dataset : List.of("bronze_events", "silver_events", "dim_user", "fact_events")) {
      Row totals =
          eventLog
              .filter(col(EventLog.DATASET).equalTo(dataset))
              .agg(
                  sum(EventLog.INPUT_ROWS),
                  sum(EventLog.OUTPUT_ROWS),
                  sum(EventLog.DATA_QUALITY + "." + EventLog.DROPPED_RECORDS),
                  sum(EventLog.RESCUED_RECORDS),
                  sum(EventLog.CORRUPT_RECORDS),
                  sum(EventLog.EMPTY_LINES),
                  max(EventLog.MAX_EVENT_TIME))
              .first();
      List<ToLongFunction<FlowProgressRecord>> fields =
          List.of(
              r -> r.outcome().inputRows(),
              r -> r.outcome().outputRows(),
              r -> r.outcome().droppedRecords(),
              r -> r.outcome().rescuedRecords(),
              r -> r.outcome().corruptRecords(),
              r -> r.outcome().emptyLines());
      for (int i = 0; i < fields.size(); i++) {
        assertThat(totals.getLong(i))
            .as("event log of %s, column %d", dataset, i)
            .isEqualTo(sum(classicLog, dataset, fields.get(i)));
      }
      assertThat(totals.getTimestamp(6).toInstant())
          .as("latest event time of %s", dataset)
          .isEqualTo(maxEventTime(classicLog, dataset));
    }
    // 34 events, a truncated line and an empty one.
    assertThat(sum(classicLog, "bronze_events", r -> r.outcome().inputRows())).isEqualTo(36);
  }

  private static String managed(String table) {
    return dir.resolve("warehouse").resolve(table).toString();
  }

  private static Instant maxEventTime(List<FlowProgressRecord> log, String dataset) {
    return log.stream()
        .filter(r -> r.dataset().equals(dataset) && r.outcome().maxEventTime() != null)
        .map(r -> r.outcome().maxEventTime())
        .max(Instant::compareTo)
        .orElse(null);
  }

  /** A table's rows as sorted JSON, without the columns that record when they were written. */
  private static List<String> contents(Dataset<Row> table) {
    Dataset<Row> rows = table.drop(RUN_TIME_COLUMNS);
    return rows
        .select(to_json(struct(col("*"))).as("row"))
        .as(Encoders.STRING())
        .collectAsList()
        .stream()
        .sorted()
        .toList();
  }
}
