package io.clickflow.pipeline.gold;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import io.clickflow.contract.TableConventions;
import io.clickflow.pipeline.graph.DatasetKind;
import io.clickflow.pipeline.graph.DatasetSpec;
import io.clickflow.pipeline.runtime.BatchOutcome;
import io.clickflow.pipeline.runtime.ObservedMetrics;
import io.clickflow.pipeline.runtime.PipelineContext;
import io.clickflow.pipeline.runtime.StreamingTableDefinition;
import io.clickflow.pipeline.silver.SilverEvents;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code fact_events}: one row per clean event, keyed to the {@code dim_user} version valid at the
 * event's time. Anonymous events get the unknown member key {@value #UNKNOWN_USER_SK}.
 */
public final class FactEvents implements StreamingTableDefinition {

  public static final String NAME = "fact_events";
  public static final long UNKNOWN_USER_SK = -1L;

  @Override
  public DatasetSpec spec() {
    return new DatasetSpec(
        NAME,
        DatasetKind.STREAMING_TABLE,
        "gold",
        Set.of("gold"),
        Set.of(SilverEvents.NAME, DimUser.NAME),
        List.of(),
        "Event-grain facts with the user version valid at event time.",
        Map.of(TableConventions.QUALITY_PROPERTY, "gold"));
  }

  @Override
  public Dataset<Row> source(PipelineContext ctx) {
    return ctx.store()
        .readStream(SilverEvents.NAME)
        .observe(NAME, count(lit(1)).as("rows"), max("event_time").as("max_event_time"));
  }

  /** Every event becomes one fact: the user's version at its time, or the unknown member. */
  @Override
  public BatchOutcome outcome(ObservedMetrics observed) {
    long rows = observed.count(NAME, "rows");
    return BatchOutcome.rows(rows, rows, observed.instant(NAME, "max_event_time"));
  }

  @Override
  public void writeBatch(Dataset<Row> batch, long batchId, PipelineContext ctx) {
    ctx.store().createIfMissing(DimUser.NAME, DimUser.SCHEMA);
    Dataset<Row> users = ctx.store().read(DimUser.NAME).alias("u");
    Dataset<Row> events = batch.alias("e");
    Dataset<Row> facts =
        events
            .join(
                users,
                col("e.user_id")
                    .equalTo(col("u.user_id"))
                    .and(col("e.event_time").geq(col("u.__START_AT")))
                    .and(col("u.__END_AT").isNull().or(col("e.event_time").lt(col("u.__END_AT")))),
                "left")
            .select(
                col("e.event_id"),
                col("e.event_time"),
                col("e.event_date"),
                date_format(col("e.event_date"), "yyyyMMdd").cast("int").as("date_key"),
                coalesce(col("u.user_sk"), lit(UNKNOWN_USER_SK)).as("user_sk"),
                col("e.user_id"),
                col("e.anonymous_id"),
                col("e.session_id"),
                col("e.session_sequence"),
                col("e.event_type"),
                col("e.page_path"),
                col("e.device_type"),
                col("e.country"),
                col("e.utm_source"),
                col("e.utm_campaign"),
                col("e.product_id"),
                col("e.price"),
                col("e.quantity"),
                when(
                        col("e.event_type").equalTo("purchase"),
                        col("e.price").multiply(col("e.quantity")))
                    .as("revenue"));
    ctx.store().append(facts, NAME, NAME, batchId);
  }
}
