package io.clickflow.pipeline;

import static io.clickflow.pipeline.PipelineHarness.sum;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clickflow.pipeline.runtime.CatalogTableStore;
import io.clickflow.pipeline.runtime.FlowProgressRecord;
import io.clickflow.pipeline.runtime.SparkSessions;
import io.clickflow.pipeline.runtime.TableStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * The pipeline as Databricks serverless runs it: the main program is a Spark Connect client, and
 * every batch function runs on the server, where the client's memory is out of reach. A real Spark
 * Connect server runs as its own JVM. The run must write what a classic run writes, event log
 * included, from the same landing files.
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
  private static SparkSession client;

  @BeforeAll
  static void startServer() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        Arrays.asList(
            Files.readString(ModuleProcess.REPO.resolve("pipeline-src/target/jvm.args"))
                .trim()
                .split("\\s+")));
    command.addAll(
        List.of(
            "-Xmx2g",
            "-Dspark.master=local[2]",
            "-Dspark.connect.grpc.binding.address=127.0.0.1",
            "-Dspark.connect.grpc.binding.port=" + port,
            "-Dspark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension",
            "-Dspark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog",
            "-Dspark.sql.warehouse.dir=" + dir.resolve("warehouse"),
            "-Dspark.sql.session.timeZone=UTC",
            "-Dspark.sql.shuffle.partitions=4",
            "-Dspark.ui.enabled=false",
            "-cp",
            System.getProperty("java.class.path"),
            "org.apache.spark.sql.connect.service.SparkConnectServer"));
    server =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("connect-server.log").toFile())
            .start();
    int listening = port;
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              assertThat(server.isAlive()).as(serverLog()).isTrue();
              try (Socket ignored = new Socket("127.0.0.1", listening)) {
                return true;
              } catch (IOException notYet) {
                return false;
              }
            });
    SparkSession classic = SharedSpark.session();
    client =
        org.apache.spark.sql.connect.SparkSession.builder()
            .remote("sc://127.0.0.1:" + port)
            .create();
    // Classic code (Delta's among it) asks for the active session; it must stay the local one for
    // the classic run here and for the tests that share this JVM.
    SparkSession.setActiveSession(classic);
    SparkSession.setDefaultSession(classic);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.destroyForcibly();
    }
  }

  private static String serverLog() {
    try {
      return Files.readString(dir.resolve("connect-server.log"));
    } catch (IOException e) {
      return "(no server log)";
    }
  }

  @Test
  void aRunThroughSparkConnectWritesWhatAClassicRunWrites() {
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

    assertThat(SparkSessions.isClassic(client)).isFalse();
    client.sql("CREATE SCHEMA IF NOT EXISTS spark_catalog.clickflow");
    TableStore store =
        new CatalogTableStore(
            client, "spark_catalog", "clickflow", dir.resolve("checkpoints").toString());
    PipelineHarness connect = new PipelineHarness(client, store, dir.resolve("landing"));
    List<FlowProgressRecord> connectLog = connect.runOnce();

    for (String table : TABLES) {
      assertThat(contents(store.read(table)))
          .as(table)
          .isNotEmpty()
          .containsExactlyElementsOf(contents(classic.store().read(table)));
    }
    for (String dataset : List.of("bronze_events", "silver_events", "dim_user", "fact_events")) {
      for (ToLongFunction<FlowProgressRecord> field :
          List.<ToLongFunction<FlowProgressRecord>>of(
              r -> r.outcome().inputRows(),
              r -> r.outcome().outputRows(),
              r -> r.outcome().droppedRecords(),
              r -> r.outcome().rescuedRecords(),
              r -> r.outcome().corruptRecords(),
              r -> r.outcome().emptyLines())) {
        assertThat(sum(connectLog, dataset, field))
            .as("event log of %s", dataset)
            .isEqualTo(sum(classicLog, dataset, field));
      }
      assertThat(maxEventTime(connectLog, dataset))
          .as("latest event time of %s", dataset)
          .isNotNull()
          .isEqualTo(maxEventTime(classicLog, dataset));
    }
    // 34 events, a truncated line and an empty one.
    assertThat(sum(connectLog, "bronze_events", r -> r.outcome().inputRows())).isEqualTo(36);
    assertThat(sum(connectLog, "bronze_events", r -> r.outcome().emptyLines())).isEqualTo(1);
    assertThat(store.read("silver_events").filter(col("email_sha256").isNull()).count()).isZero();
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
