package io.clickflow.pipeline.gold;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import io.clickflow.contract.TableConventions;
import io.clickflow.pipeline.graph.DatasetKind;
import io.clickflow.pipeline.graph.DatasetSpec;
import io.clickflow.pipeline.runtime.BatchOutcome;
import io.clickflow.pipeline.runtime.ObservedMetrics;
import io.clickflow.pipeline.runtime.PipelineContext;
import io.clickflow.pipeline.runtime.StreamingTableDefinition;
import io.clickflow.pipeline.runtime.TableWriteLock;
import io.clickflow.pipeline.runtime.ViewRefresh;
import io.clickflow.pipeline.silver.SilverEvents;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

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
        // The views over the facts refresh from the rows each version adds or re-keys.
        Map.of(TableConventions.QUALITY_PROPERTY, "gold", ViewRefresh.CHANGE_FEED, "true"));
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

  /**
   * Keys the batch against the newest {@code dim_user} and appends it, holding the fact writers'
   * lock. {@code dim_user} commits its own table first and then, under the same lock, re-keys the
   * facts its change touches. So either this batch keyed against that commit, or its facts were in
   * the table when the re-key read it: no interleaving leaves a fact at an outdated version, and no
   * batch has to key its rows a second time.
   */
  @Override
  public void writeBatch(Dataset<Row> batch, long batchId, PipelineContext ctx) {
    ctx.store().createIfMissing(DimUser.NAME, DimUser.SCHEMA);
    // A batch an earlier start began may be a replay whose facts that attempt committed, so the
    // append is skipped. That attempt may have keyed them before a dim_user change it never saw
    // re-keyed (a crash between the two): they are keyed again against the newest dim_user.
    // Such a batch is read twice, so it is persisted: each event is computed and counted once.
    boolean mayBeCommitted = ctx.mayReplay() && ctx.store().exists(NAME);
    Dataset<Row> events = mayBeCommitted ? batch.persist(StorageLevel.MEMORY_AND_DISK()) : batch;
    try {
      TableWriteLock.writing(
          ctx.store().sqlName(NAME),
          () -> {
            Dataset<Row> users = newestUsers(ctx);
            if (!ctx.store().append(facts(events, users), NAME, NAME, batchId, mayBeCommitted)) {
              rekey(events, users, batchId, ctx);
            }
          });
    } finally {
      if (mayBeCommitted) {
        events.unpersist();
      }
    }
  }

  /** {@code dim_user} as of its newest version, pinned so one batch sees one snapshot. */
  private static Dataset<Row> newestUsers(PipelineContext ctx) {
    return ctx.store().read(DimUser.NAME, ctx.store().version(DimUser.NAME));
  }

  /** Points this batch's facts at the versions of {@code users}. Deterministic, so repeatable. */
  private static void rekey(
      Dataset<Row> events, Dataset<Row> users, long batchId, PipelineContext ctx) {
    Dataset<Row> keys = facts(events, users).select("event_id", "event_time", "user_sk");
    Object earliest = keys.agg(min("event_time")).first().get(0);
    if (earliest == null) {
      return;
    }
    SparkSession session = keys.sparkSession();
    String view = "clickflow_fact_keys_" + batchId;
    keys.createOrReplaceTempView(view);
    // The literal bound is on the target alone, so Delta skips fact files older than the batch.
    String merge =
        """
        MERGE INTO %s f
        USING %s k
        ON f.event_id = k.event_id AND f.event_time = k.event_time
           AND f.event_time >= TIMESTAMP '%s'
        WHEN MATCHED AND f.user_sk <> k.user_sk THEN UPDATE SET user_sk = k.user_sk
        """
            .formatted(
                ctx.store().sqlName(NAME),
                view,
                DimUser.sqlTimestamp(ObservedMetrics.instant(earliest), session));
    DimUser.mergeRetryingConflicts(session, merge); // the caller holds the fact writers' lock
    session.catalog().dropTempView(view);
  }

  /** Each event with the user version valid at its time, or the unknown member. */
  static Dataset<Row> facts(Dataset<Row> events, Dataset<Row> users) {
    return events
        .alias("e")
        .join(
            users.alias("u"),
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
  }
}
