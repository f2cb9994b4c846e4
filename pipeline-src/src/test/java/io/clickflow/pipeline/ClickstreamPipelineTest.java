package io.clickflow.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.contract.EventLog;
import io.clickflow.contract.LakehouseLayout;
import io.clickflow.pipeline.graph.DatasetGraph.TagMode;
import io.clickflow.pipeline.runtime.DeltaPathTableStore;
import io.clickflow.pipeline.runtime.EventLogWriter;
import io.clickflow.pipeline.runtime.FlowProgressRecord;
import io.clickflow.pipeline.runtime.PipelineContext;
import io.clickflow.pipeline.runtime.PipelineRunner;
import io.clickflow.pipeline.runtime.PipelineSettings;
import io.clickflow.pipeline.runtime.Pseudonymiser;
import io.clickflow.pipeline.runtime.RunOptions;
import io.clickflow.pipeline.runtime.TableStore;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole graph on local Spark and Delta, over small hand-made landing files. */
class ClickstreamPipelineTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private final SparkSession spark = SharedSpark.session();

  @TempDir Path dir;
  private LandingFixture landing;
  private TableStore store;
  private PipelineRunner runner;

  @BeforeEach
  void setUp() {
    landing = new LandingFixture(dir.resolve("landing"));
    store = new DeltaPathTableStore(spark, new LakehouseLayout(dir.resolve("lake").toString()));
    PipelineSettings settings =
        new PipelineSettings(
            dir.resolve("landing").toString(),
            "10 minutes",
            0,
            0,
            new Pseudonymiser("test-pepper-not-a-secret"));
    runner =
        new PipelineRunner(
            new PipelineContext(spark, store, settings, Clock.systemUTC()),
            ClickstreamPipeline.definitions(),
            ClickstreamPipeline.EXTERNAL_SOURCES,
            new EventLogWriter(spark, store),
            new PrintStream(OutputStream.nullOutputStream()));
  }

  private List<FlowProgressRecord> runOnce() {
    return runner.run(
        new RunOptions(
            UUID.randomUUID().toString(),
            Set.of(),
            TagMode.ANY,
            Set.of(),
            false,
            Duration.ofSeconds(1)));
  }

  private long count(String table) {
    return store.read(table).count();
  }

  @Test
  void everyLineIsAccountedForAndNoRawPiiLeavesBronze() {
    for (int i = 0; i < 20; i++) {
      landing.add(
          LandingFixture.event("u" + (i % 5), "page_view", T0.plusSeconds(i * 30L), "free", "DE"));
    }
    var duplicate = LandingFixture.event("u1", "purchase", T0.plusSeconds(700), "free", "DE");
    landing.add(duplicate).add(duplicate);
    landing.add(
        LandingFixture.event("u2", "click", T0.plusSeconds(710), "free", "DE").put("surprise", 1));
    var mismatch = LandingFixture.event("u3", "click", T0.plusSeconds(720), "free", "DE");
    mismatch.with("session").put("sequence", "three");
    landing.add(mismatch);
    landing.addRaw("{\"event_id\": \"truncated");
    landing.addRaw("");
    landing.add(
        LandingFixture.event("u4", "click", T0, "free", "DE").put("event_time", "yesterday"));
    landing.publish();

    List<FlowProgressRecord> records = runOnce();

    assertThat(count("bronze_events")).as("non-empty lines").isEqualTo(26);
    assertThat(store.read("bronze_events").filter(col("_rescued_data").isNotNull()).count())
        .isEqualTo(2);
    Row corrupt = store.read("bronze_events").filter(col("_corrupt_record").isNotNull()).first();
    assertThat(corrupt.<String>getAs("_corrupt_record")).isEqualTo("{\"event_id\": \"truncated");
    assertThat(count("silver_events")).as("distinct valid event ids").isEqualTo(23);
    assertThat(count("silver_events_quarantine")).isEqualTo(2);
    assertThat(
            store
                .read("silver_events_quarantine")
                .selectExpr("explode(_failed_expectations) AS rule")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList())
        .contains("valid_event_id", "valid_event_time");
    assertThat(count("fact_events")).isEqualTo(23);

    for (String table :
        List.of(
            "silver_events",
            "silver_events_quarantine",
            "dim_user",
            "fact_events",
            "mv_daily_active_users")) {
      assertThat(rowsContaining(store.read(table), "@example.test")).as(table).isZero();
      assertThat(rowsContaining(store.read(table), "198.51.100.")).as(table).isZero();
    }

    FlowProgressRecord silver =
        records.stream().filter(r -> r.dataset().equals("silver_events")).findFirst().orElseThrow();
    assertThat(silver.outcome().droppedRecords()).isEqualTo(2);
    assertThat(silver.outcome().expectations())
        .anySatisfy(
            e -> {
              assertThat(e.name()).isEqualTo("valid_event_id");
              assertThat(e.failed()).isEqualTo(1);
            });
    assertThat(store.read(EventLog.TABLE).count()).isEqualTo(records.size());
  }

  @Test
  void aSecondRunProcessesOnlyNewFiles() {
    landing.add(LandingFixture.event("u1", "page_view", T0, "free", "DE")).publish();
    runOnce();
    landing
        .add(LandingFixture.event("u1", "click", T0.plusSeconds(5), "free", "DE"))
        .add(LandingFixture.event("u2", "click", T0.plusSeconds(6), "free", "DE"))
        .publish();

    List<FlowProgressRecord> second = runOnce();

    FlowProgressRecord bronze =
        second.stream().filter(r -> r.dataset().equals("bronze_events")).findFirst().orElseThrow();
    assertThat(bronze.outcome().inputRows()).isEqualTo(2);
    assertThat(count("bronze_events")).isEqualTo(3);
    assertThat(count("fact_events")).isEqualTo(3);
    assertThat(runOnce()).noneMatch(r -> r.dataset().equals("bronze_events"));
  }

  @Test
  void dimUserKeepsHistoryAndALateChangeSplitsTheRightInterval() {
    landing
        .add(LandingFixture.event("u1", "page_view", T0, "free", "DE"))
        .add(LandingFixture.event("u1", "page_view", T0.plusSeconds(300), "pro", "DE"))
        .add(LandingFixture.event("u2", "page_view", T0, "free", "FR"))
        .publish();
    runOnce();
    landing
        .add(LandingFixture.event("u1", "click", T0.plusSeconds(120), "enterprise", "DE"))
        .publish();
    runOnce();

    List<Row> u1 =
        store
            .read("dim_user")
            .filter(col("user_id").equalTo("u1"))
            .orderBy("__START_AT")
            .collectAsList();
    assertThat(u1)
        .extracting(r -> r.<String>getAs("plan"))
        .containsExactly("free", "enterprise", "pro");
    assertThat(u1)
        .extracting(r -> r.<Timestamp>getAs("__START_AT").toInstant())
        .containsExactly(T0, T0.plusSeconds(120), T0.plusSeconds(300));
    assertThat(u1.get(0).<Timestamp>getAs("__END_AT").toInstant()).isEqualTo(T0.plusSeconds(120));
    assertThat(u1.get(1).<Timestamp>getAs("__END_AT").toInstant()).isEqualTo(T0.plusSeconds(300));
    assertThat(u1)
        .extracting(r -> r.<Boolean>getAs("is_current"))
        .containsExactly(false, false, true);
    assertThat(
            store
                .read("dim_user")
                .filter(col("is_current"))
                .groupBy("user_id")
                .count()
                .filter("count <> 1")
                .count())
        .isZero();

    Row fact = store.read("fact_events").filter(col("event_type").equalTo("click")).first();
    assertThat(fact.<Long>getAs("user_sk")).isEqualTo(u1.get(1).<Long>getAs("user_sk"));
  }

  private static long rowsContaining(Dataset<Row> table, String needle) {
    var condition = org.apache.spark.sql.functions.lit(false);
    for (StructField field : table.schema().fields()) {
      if (field.dataType() == DataTypes.StringType) {
        condition = condition.or(col(field.name()).contains(needle));
      }
    }
    return table.filter(condition).count();
  }
}
