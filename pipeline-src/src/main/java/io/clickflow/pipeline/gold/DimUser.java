package io.clickflow.pipeline.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.clickflow.contract.TableConventions;
import io.clickflow.pipeline.graph.DatasetKind;
import io.clickflow.pipeline.graph.DatasetSpec;
import io.clickflow.pipeline.runtime.BatchOutcome;
import io.clickflow.pipeline.runtime.ObservedWrite;
import io.clickflow.pipeline.runtime.PipelineContext;
import io.clickflow.pipeline.runtime.StreamingTableDefinition;
import io.clickflow.pipeline.silver.SilverEvents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code dim_user}: SCD type 2 over the tracked attributes plan, country and email_sha256, with
 * {@code __START_AT}/{@code __END_AT} in event time (the Lakeflow AUTO CDC convention). The
 * untracked attributes region and city never start a version: each version holds their latest value
 * within its interval, updated in place as events arrive.
 *
 * <p>For every user touched by a batch, the whole history is recomputed from Silver and merged with
 * SQL {@code MERGE INTO}. That makes out-of-order events land in the right interval (a late change
 * splits the interval it falls in) and makes replaying a batch a no-op, at the cost of re-reading
 * the touched users' events. The surrogate key is a hash of (user_id, __START_AT), so the same
 * version always gets the same key.
 */
public final class DimUser implements StreamingTableDefinition {

  public static final String NAME = "dim_user";

  /** Changes within one instant are ordered by event_id, the documented tie-breaker. */
  static final List<String> TRACKED = List.of("plan", "country", "email_sha256");

  /** Kept current within a version, without history of their own. */
  static final List<String> UNTRACKED = List.of("region", "city");

  static final StructType SCHEMA =
      new StructType()
          .add("user_sk", DataTypes.LongType, false)
          .add("user_id", DataTypes.StringType, false)
          .add("plan", DataTypes.StringType)
          .add("country", DataTypes.StringType)
          .add("email_sha256", DataTypes.StringType)
          .add("region", DataTypes.StringType)
          .add("city", DataTypes.StringType)
          .add("__START_AT", DataTypes.TimestampType, false)
          .add("__END_AT", DataTypes.TimestampType)
          .add("is_current", DataTypes.BooleanType, false);

  @Override
  public DatasetSpec spec() {
    return new DatasetSpec(
        NAME,
        DatasetKind.STREAMING_TABLE,
        "gold",
        Set.of("gold"),
        Set.of(SilverEvents.NAME),
        List.of(),
        "Users, SCD type 2 on plan, country and email_sha256, in event time.",
        Map.of(TableConventions.QUALITY_PROPERTY, "gold", "scd_type", "2"));
  }

  @Override
  public Dataset<Row> source(PipelineContext ctx) {
    return ctx.store()
        .readStream(SilverEvents.NAME)
        .filter(col("user_id").isNotNull())
        .select("user_id", "event_time");
  }

  @Override
  public BatchOutcome writeBatch(Dataset<Row> batch, long batchId, PipelineContext ctx) {
    ctx.store().createIfMissing(NAME, SCHEMA);
    Dataset<Row> touched = batch.select("user_id").distinct();
    Dataset<Row> history =
        ctx.store().read(SilverEvents.NAME).join(touched, new String[] {"user_id"}, "left_semi");
    Dataset<Row> versions = versions(history).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> stale =
        ctx.store()
            .read(NAME)
            .join(touched, new String[] {"user_id"}, "left_semi")
            .join(versions, new String[] {"user_id", "__START_AT"}, "left_anti");
    Dataset<Row> changes =
        versions
            .withColumn("_change", lit("upsert"))
            .unionByName(stale.withColumn("_change", lit("delete")));
    String view = "clickflow_dim_user_changes_" + batchId;
    changes.createOrReplaceTempView(view);
    String merge =
        """
        MERGE INTO %s t
        USING %s s
        ON t.user_id = s.user_id AND t.__START_AT = s.__START_AT
        WHEN MATCHED AND s._change = 'delete' THEN DELETE
        WHEN MATCHED AND s._change = 'upsert' AND NOT (
            t.plan <=> s.plan AND t.country <=> s.country AND t.email_sha256 <=> s.email_sha256
            AND t.region <=> s.region AND t.city <=> s.city
            AND t.__END_AT <=> s.__END_AT AND t.is_current <=> s.is_current)
          THEN UPDATE SET plan = s.plan, country = s.country, email_sha256 = s.email_sha256,
                          region = s.region, city = s.city,
                          __END_AT = s.__END_AT, is_current = s.is_current
        WHEN NOT MATCHED AND s._change = 'upsert'
          THEN INSERT (user_sk, user_id, plan, country, email_sha256, region, city, __START_AT,
                       __END_AT, is_current)
               VALUES (s.user_sk, s.user_id, s.plan, s.country, s.email_sha256, s.region, s.city,
                       s.__START_AT, s.__END_AT, s.is_current)
        """
            .formatted(ctx.store().sqlName(NAME), view);
    Row result = ctx.spark().sql(merge).first();
    ctx.spark().catalog().dropTempView(view);
    rekeyFacts(versions, batchId, ctx);
    versions.unpersist();
    Row input = batch.agg(count(lit(1)), max("event_time")).first();
    return BatchOutcome.rows(
        input.getLong(0),
        ((Number) result.getAs("num_affected_rows")).longValue(),
        ObservedWrite.instant(input.get(1)));
  }

  /**
   * Points facts already written at the version now valid at their event time. A late change splits
   * an interval, and the facts after the split point belong to the new version; without this they
   * would keep the key they were given when they arrived. Deterministic, so a replayed batch
   * changes nothing. Facts not yet written are keyed right when {@code fact_events} writes them,
   * because it runs after this table.
   */
  private static void rekeyFacts(Dataset<Row> versions, long batchId, PipelineContext ctx) {
    if (!ctx.store().exists(FactEvents.NAME)) {
      return;
    }
    String view = "clickflow_dim_user_versions_" + batchId;
    versions.select("user_id", "user_sk", "__START_AT", "__END_AT").createOrReplaceTempView(view);
    String rekey =
        """
        MERGE INTO %s f
        USING %s v
        ON f.user_id = v.user_id AND f.event_time >= v.__START_AT
           AND (v.__END_AT IS NULL OR f.event_time < v.__END_AT)
        WHEN MATCHED AND f.user_sk <> v.user_sk THEN UPDATE SET user_sk = v.user_sk
        """
            .formatted(ctx.store().sqlName(FactEvents.NAME), view);
    // In continuous mode fact_events appends while this runs; the merge is deterministic, so a
    // commit conflict is simply retried on the new snapshot.
    for (int attempt = 1; ; attempt++) {
      try {
        ctx.spark().sql(rekey);
        break;
      } catch (RuntimeException e) {
        if (!isConcurrentModification(e) || attempt == REKEY_ATTEMPTS) {
          throw e;
        }
        sleep(Duration.ofMillis(200L * attempt));
      }
    }
    ctx.spark().catalog().dropTempView(view);
  }

  private static final int REKEY_ATTEMPTS = 10;

  /**
   * A Delta write conflict (concurrent append, delete, ...). Recognised by its error condition
   * rather than by Delta's exception class, which a Databricks Connect client does not have: there
   * the conflict arrives as a Spark exception carrying the same condition.
   */
  static boolean isConcurrentModification(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SparkThrowable st
          && st.getCondition() != null
          && st.getCondition().startsWith("DELTA_CONCURRENT")) {
        return true;
      }
      if (t.getClass().getName().startsWith("io.delta.exceptions.Concurrent")) {
        return true;
      }
    }
    return false;
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while re-keying facts", e);
    }
  }

  /**
   * The SCD2 versions of the given users' events. Events at the same instant collapse to the last
   * one by event_id; a version starts wherever the tracked attributes differ from the previous
   * instant's, and takes the untracked attributes of the last instant before the next version.
   */
  static Dataset<Row> versions(Dataset<Row> events) {
    WindowSpec sameInstant =
        Window.partitionBy("user_id", "event_time").orderBy(col("event_id").desc());
    WindowSpec byTime = Window.partitionBy("user_id").orderBy("event_time");
    Column attributes = struct(TRACKED.stream().map(c -> col(c)).toArray(Column[]::new));
    Dataset<Row> perInstant =
        events
            .filter(col("user_id").isNotNull())
            .withColumn("_n", row_number().over(sameInstant))
            .filter(col("_n").equalTo(1))
            .withColumn("_attrs", attributes)
            .withColumn("_prev", lag(col("_attrs"), 1).over(byTime))
            .withColumn(
                "_starts", col("_prev").isNull().or(not(col("_prev").eqNullSafe(col("_attrs")))));
    // Every instant belongs to the version started by the latest change at or before it.
    Dataset<Row> assigned =
        perInstant.withColumn(
            "_version",
            last(when(col("_starts"), col("event_time")), true)
                .over(byTime.rowsBetween(Window.unboundedPreceding(), Window.currentRow())));
    Dataset<Row> latestUntracked =
        assigned
            .groupBy("user_id", "_version")
            .agg(
                max_by(
                        struct(UNTRACKED.stream().map(c -> col(c)).toArray(Column[]::new)),
                        col("event_time"))
                    .as("_untracked"));
    return assigned
        .filter(col("_starts"))
        .join(latestUntracked, new String[] {"user_id", "_version"})
        .withColumn("__END_AT", lead(col("event_time"), 1).over(byTime))
        .select(
            xxhash64(col("user_id"), col("event_time")).as("user_sk"),
            col("user_id"),
            col("plan"),
            col("country"),
            col("email_sha256"),
            col("_untracked.region").as("region"),
            col("_untracked.city").as("city"),
            col("event_time").as("__START_AT"),
            col("__END_AT"),
            col("__END_AT").isNull().as("is_current"));
  }
}
