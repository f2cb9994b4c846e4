package io.clickflow.pipeline.runtime;

import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickflow.contract.LakehouseLayout;
import io.clickflow.pipeline.LandingFixture;
import io.clickflow.pipeline.SharedSpark;
import io.clickflow.pipeline.bronze.BronzeEvents;
import io.clickflow.pipeline.bronze.BronzeSchema;
import io.clickflow.pipeline.graph.DatasetGraph.TagMode;
import io.clickflow.pipeline.graph.DatasetKind;
import io.clickflow.pipeline.graph.DatasetSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streaming definitions Spark cannot run are refused by the pre-flight, with a fix, before any flow
 * (Bronze included) has written anything.
 */
class StreamingPlanCheckTest {

  @TempDir Path dir;
  private TableStore store;

  /** A streaming table over the landing files whose source is given by the test. */
  private record Custom(String name, Function<PipelineContext, Dataset<Row>> source)
      implements StreamingTableDefinition {

    @Override
    public DatasetSpec spec() {
      return new DatasetSpec(
          name,
          DatasetKind.STREAMING_TABLE,
          "gold",
          Set.of("custom"),
          Set.of(BronzeEvents.LANDING),
          List.of(),
          "",
          Map.of());
    }

    @Override
    public Dataset<Row> source(PipelineContext ctx) {
      return source.apply(ctx);
    }

    @Override
    public void writeBatch(Dataset<Row> batch, long batchId, PipelineContext ctx) {
      ctx.store().append(batch, name, name, batchId, ctx.mayReplay());
    }

    @Override
    public BatchOutcome outcome(ObservedMetrics observed) {
      return BatchOutcome.rows(0, 0, null);
    }
  }

  @BeforeEach
  void landing() {
    new LandingFixture(dir.resolve("landing"))
        .add(
            LandingFixture.event(
                "u1", "page_view", Instant.parse("2026-11-22T10:00:00Z"), "free", "DE"))
        .publish();
    store = new DeltaPathTableStore(SharedSpark.session(), new LakehouseLayout(dir.toString()));
  }

  private static Dataset<Row> events(PipelineContext ctx) {
    return ctx.spark()
        .readStream()
        .schema(BronzeSchema.EVENT)
        .json(ctx.settings().landing())
        .withColumn("event_time", col("event_time").cast("timestamp"));
  }

  private static Dataset<Row> pages(PipelineContext ctx) {
    return ctx.spark().sql("SELECT '/p' AS path, 'Product' AS title");
  }

  /** The page of each event joined to the static pages table, stream on the given side. */
  private static Dataset<Row> joined(PipelineContext ctx, boolean streamLeft, String type) {
    Dataset<Row> events = events(ctx).withWatermark("event_time", "10 minutes");
    Dataset<Row> pages = pages(ctx);
    var on = events.col("page.path").equalTo(pages.col("path"));
    return streamLeft ? events.join(pages, on, type) : pages.join(events, on, type);
  }

  private void preflight(Custom custom) {
    LocalRunner.of(dir, store, List.of(new BronzeEvents(), custom))
        .run(new RunOptions("r1", Set.of(), TagMode.ANY, Set.of(), false, Duration.ofSeconds(1)));
  }

  private void assertRefused(Custom custom, String problem, String fix) {
    assertThatThrownBy(() -> preflight(custom))
        .isInstanceOf(PreflightException.class)
        .hasMessageStartingWith("dataset " + custom.name() + ": ")
        .hasMessageContaining(problem)
        .hasMessageContaining(fix);
    assertThat(store.exists(BronzeEvents.NAME)).as("nothing ran").isFalse();
  }

  @Test
  void anAggregationWithoutAWatermarkIsRefused() {
    assertRefused(
        new Custom("events_per_type", ctx -> events(ctx).groupBy("event_type").count()),
        "aggregation on a stream without a watermark",
        ".withWatermark(");
  }

  @Test
  void countDistinctOnAStreamIsRefusedEvenWithAWatermark() {
    assertRefused(
        new Custom(
            "users_per_hour",
            ctx ->
                events(ctx)
                    .withWatermark("event_time", "10 minutes")
                    .groupBy(window(col("event_time"), "1 hour"))
                    .agg(count_distinct(col("user.user_id")))),
        "COUNT(DISTINCT ...) on a stream",
        "approx_count_distinct");
  }

  @Test
  void aStaticTableOnTheLeftOfAnOuterJoinWithAStreamIsRefused() {
    assertRefused(
        new Custom("pages_with_views", ctx -> joined(ctx, false, "left")),
        "LEFT OUTER join of a static table (left) with a stream (right)",
        "swap the sides");
  }

  @Test
  void aStreamOnTheRightOfAFullJoinIsRefusedToo() {
    assertRefused(
        new Custom("views_full_pages", ctx -> joined(ctx, true, "full")),
        "FULL OUTER join of a stream (left) with a static table (right)",
        "keep the stream on the left");
  }

  @Test
  void theSupportedFormsPassAndRun() {
    assertThatCode(
            () ->
                preflight(
                    new Custom(
                        "views_per_hour",
                        ctx ->
                            joined(ctx, true, "left")
                                .groupBy(window(col("event_time"), "1 hour"), col("title"))
                                .agg(approx_count_distinct(col("user.user_id")).as("users")))))
        .doesNotThrowAnyException();
    assertThat(store.exists(BronzeEvents.NAME)).isTrue();
  }
}
