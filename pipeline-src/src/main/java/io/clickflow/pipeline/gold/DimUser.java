package io.clickflow.pipeline.gold;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.clickflow.contract.TableConventions;
import io.clickflow.pipeline.graph.DatasetKind;
import io.clickflow.pipeline.graph.DatasetSpec;
import io.clickflow.pipeline.runtime.BatchOutcome;
import io.clickflow.pipeline.runtime.ObservedMetrics;
import io.clickflow.pipeline.runtime.PipelineContext;
import io.clickflow.pipeline.runtime.StreamingTableDefinition;
import io.clickflow.pipeline.runtime.TableWriteLock;
import io.clickflow.pipeline.silver.SilverEvents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
 * <p>Each batch recomputes the touched users' versions from the earliest point it can change, and
 * merges them with SQL {@code MERGE INTO}: out-of-order events land in the right interval (a late
 * change splits the interval it falls in), and replaying a batch is a no-op. In-order batches cost
 * what the batch holds; a late event reads back that user's Silver events from the version before
 * it. The surrogate key is a hash of (user_id, __START_AT), so the same version always gets the
 * same key.
 */
public final class DimUser implements StreamingTableDefinition {

  public static final String NAME = "dim_user";

  /** Changes within one instant are ordered by event_id, the documented tie-breaker. */
  static final List<String> TRACKED = List.of("plan", "country", "email_sha256");

  /** Kept current within a version, without history of their own. */
  static final List<String> UNTRACKED = List.of("region", "city");

  private static Column[] eventColumns() {
    return EVENT_COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new);
  }

  /** What this table reads of each Silver event. */
  static final List<String> EVENT_COLUMNS =
      List.of(
          "user_id", "event_time", "event_id", "plan", "country", "email_sha256", "region", "city");

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
          .add("is_current", DataTypes.BooleanType, false)
          // The latest event time within the version, so an in-order batch needs no Silver read.
          .add("last_event_at", DataTypes.TimestampType);

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
        .select(eventColumns())
        .observe(NAME, count(lit(1)).as("events"), max("event_time").as("max_event_time"));
  }

  /**
   * Rows in and out are the events applied: how many versions a batch changed depends on the
   * history it met, and is in the table's Delta history (the MERGE's metrics).
   */
  @Override
  public BatchOutcome outcome(ObservedMetrics observed) {
    long events = observed.count(NAME, "events");
    return BatchOutcome.rows(events, events, observed.instant(NAME, "max_event_time"));
  }

  /**
   * Recomputes the touched users' history from the earliest point a batch can change, and merges
   * it. Per user, that point and the events it takes are:
   *
   * <ul>
   *   <li><b>new user, or every new event after the last one seen</b> (the common, in-order case):
   *       from the start of the current version, with the events of the batch alone. The current
   *       row stands in for the events before, since all of them carry its tracked attributes and
   *       the newest untracked values come from the batch. Silver is not read.
   *   <li><b>an event at or before the last one seen</b> (late, replayed, or a tie): from the start
   *       of the version before the one the earliest new event falls in, with Silver's events from
   *       there on. Versions before that point cannot change, because the instant that starts it
   *       keeps its attributes. The read is bounded by event time, so Delta skips older files.
   * </ul>
   */
  @Override
  public void writeBatch(Dataset<Row> batch, long batchId, PipelineContext ctx) {
    ctx.store().createIfMissing(NAME, SCHEMA);
    addLastEventColumn(ctx);
    // Read more than once below: persisted, so each event is computed and counted once.
    Dataset<Row> events =
        batch
            .filter(col("user_id").isNotNull())
            .select(eventColumns())
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> arrivals = events.groupBy("user_id").agg(min("event_time").as("_first_new"));
    Dataset<Row> known =
        ctx.store()
            .read(NAME)
            .join(arrivals.select("user_id"), new String[] {"user_id"}, "left_semi");
    // The plan and the versions are read again after the MERGE below. A cache would not keep them:
    // Spark refreshes every cached plan that reads a table when the table is written, so they
    // would be recomputed from the merged dim_user. A local checkpoint keeps these rows.
    Dataset<Row> plan = recomputationPlan(arrivals, known).localCheckpoint();

    Dataset<Row> fastUsers = plan.filter(col("_fast")).select("user_id");
    Dataset<Row> history =
        events
            .join(fastUsers, new String[] {"user_id"}, "left_semi")
            .withColumn("_seen", col("event_time"))
            .unionByName(
                known
                    .filter(col("is_current"))
                    .join(fastUsers, new String[] {"user_id"}, "left_semi")
                    .select(
                        col("user_id"),
                        col("__START_AT").as("event_time"),
                        lit(null).cast(DataTypes.StringType).as("event_id"),
                        col("plan"),
                        col("country"),
                        col("email_sha256"),
                        col("region"),
                        col("city"),
                        col("last_event_at").as("_seen")));
    Row slow = plan.filter(not(col("_fast"))).agg(count(lit(1)), min("_from")).first();
    if (slow.getLong(0) > 0) {
      Dataset<Row> slowUsers = plan.filter(not(col("_fast"))).select("user_id", "_from");
      history =
          history.unionByName(
              ctx.store()
                  .read(SilverEvents.NAME)
                  .filter(col("event_time").geq(lit(slow.get(1))))
                  .join(slowUsers, "user_id")
                  .filter(col("event_time").geq(col("_from")))
                  .select(eventColumns())
                  .withColumn("_seen", col("event_time")));
    }
    Dataset<Row> versions = versions(history).localCheckpoint();
    Dataset<Row> stale =
        known
            .join(plan.select("user_id", "_from"), "user_id")
            .filter(col("__START_AT").geq(col("_from")))
            .drop("_from")
            .join(versions, new String[] {"user_id", "__START_AT"}, "left_anti");
    Dataset<Row> changes =
        versions
            .withColumn("_change", lit("upsert"))
            .unionByName(stale.withColumn("_change", lit("delete")));
    // A temporary view lives in the session that made it: foreachBatch hands out a batch in a
    // session of its own, so the MERGE runs in the session of the rows it reads.
    SparkSession session = changes.sparkSession();
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
            AND t.region <=> s.region AND t.city <=> s.city AND t.last_event_at <=> s.last_event_at
            AND t.__END_AT <=> s.__END_AT AND t.is_current <=> s.is_current)
          THEN UPDATE SET plan = s.plan, country = s.country, email_sha256 = s.email_sha256,
                          region = s.region, city = s.city, last_event_at = s.last_event_at,
                          __END_AT = s.__END_AT, is_current = s.is_current
        WHEN NOT MATCHED AND s._change = 'upsert'
          THEN INSERT (user_sk, user_id, plan, country, email_sha256, region, city, __START_AT,
                       __END_AT, is_current, last_event_at)
               VALUES (s.user_sk, s.user_id, s.plan, s.country, s.email_sha256, s.region, s.city,
                       s.__START_AT, s.__END_AT, s.is_current, s.last_event_at)
        """
            .formatted(ctx.store().sqlName(NAME), view);
    session.sql(merge);
    session.catalog().dropTempView(view);
    // A late change can split intervals that facts already hold: those users' facts are re-keyed
    // from the start of the recomputed history. In a run to completion fact_events runs after this
    // table, so in-order users need nothing more. When flows overlap, fact_events may have keyed
    // an in-order user's new events against the versions before this batch: the current version
    // (whose key an extension keeps) or, for a new user, the unknown member. Only facts from the
    // first version this batch started need a new key.
    Dataset<Row> rekeyUsers =
        plan.filter(not(col("_fast"))).select(col("user_id"), col("_from").as("_rekey_from"));
    if (ctx.flowsOverlap()) {
      Dataset<Row> fast = plan.filter(col("_fast")).select("user_id", "_from", "_first_new");
      rekeyUsers =
          rekeyUsers.unionByName(
              versions
                  .join(fast, "user_id")
                  // A new user's history starts at its first event (_from = _first_new); a known
                  // user's at its current version, which keeps its key.
                  .filter(
                      col("__START_AT")
                          .gt(col("_from"))
                          .or(col("_from").equalTo(col("_first_new"))))
                  .groupBy("user_id")
                  .agg(min("__START_AT").as("_rekey_from")));
    }
    rekeyFacts(versions.join(rekeyUsers, "user_id"), batchId, ctx);
    events.unpersist();
  }

  /**
   * Per touched user: {@code _fast} when the batch only extends the history (a new user, or the
   * earliest new event after the last one seen), and {@code _from}, the start of the history to
   * recompute.
   */
  static Dataset<Row> recomputationPlan(Dataset<Row> arrivals, Dataset<Row> known) {
    Dataset<Row> current =
        known
            .filter(col("is_current"))
            .select(
                col("user_id"), col("__START_AT").as("_current"), col("last_event_at").as("_last"));
    WindowSpec latestFirst = Window.partitionBy("user_id").orderBy(col("__START_AT").desc());
    // The start of the version the earliest new event falls in, and of the version before it.
    Dataset<Row> around =
        known
            .join(arrivals, "user_id")
            .filter(col("__START_AT").leq(col("_first_new")))
            .withColumn("_rank", row_number().over(latestFirst))
            .groupBy("user_id")
            .agg(
                max(when(col("_rank").equalTo(1), col("__START_AT"))).as("_containing"),
                max(when(col("_rank").equalTo(2), col("__START_AT"))).as("_preceding"));
    Column fast =
        col("_current")
            .isNull()
            .or(col("_last").isNotNull().and(col("_first_new").gt(col("_last"))));
    return arrivals
        .join(current, new String[] {"user_id"}, "left")
        .join(around, new String[] {"user_id"}, "left")
        .withColumn("_fast", fast)
        .withColumn(
            "_from",
            when(col("_current").isNull(), col("_first_new"))
                .when(fast, col("_current"))
                .otherwise(coalesce(col("_preceding"), col("_containing"), col("_first_new"))))
        .select("user_id", "_fast", "_from", "_first_new");
  }

  /**
   * Tables made before {@code last_event_at} existed get it, empty: their users take the slow path
   * once.
   */
  private static void addLastEventColumn(PipelineContext ctx) {
    if (!java.util.Arrays.asList(ctx.store().read(NAME).columns()).contains("last_event_at")) {
      ctx.spark()
          .sql(
              "ALTER TABLE %s ADD COLUMNS (last_event_at TIMESTAMP)"
                  .formatted(ctx.store().sqlName(NAME)));
    }
  }

  /**
   * Points facts already written at the version now valid at their event time. A late change splits
   * an interval, and the facts after the split point belong to the new version; without this they
   * would keep the key they were given when they arrived. Deterministic, so a replayed batch
   * changes nothing.
   *
   * <p>Runs after this batch's commit, holding the fact writers' lock: a {@code fact_events} batch
   * keys its rows and appends them under the same lock, so it either keyed against this commit or
   * its rows are in the table this MERGE reads.
   */
  private static void rekeyFacts(Dataset<Row> versions, long batchId, PipelineContext ctx) {
    Object earliest = versions.agg(min("_rekey_from")).first().get(0);
    if (earliest == null) {
      return; // no user to re-key
    }
    SparkSession session = versions.sparkSession();
    String view = "clickflow_dim_user_versions_" + batchId;
    versions
        .select("user_id", "user_sk", "__START_AT", "__END_AT", "_rekey_from")
        .createOrReplaceTempView(view);
    // The literal bound is on the target alone, so Delta skips fact files older than any change.
    String rekey =
        """
        MERGE INTO %s f
        USING %s v
        ON f.user_id = v.user_id AND f.event_time >= v.__START_AT
           AND (v.__END_AT IS NULL OR f.event_time < v.__END_AT)
           AND f.event_time >= v._rekey_from AND f.event_time >= TIMESTAMP '%s'
        WHEN MATCHED AND f.user_sk <> v.user_sk THEN UPDATE SET user_sk = v.user_sk
        """
            .formatted(
                ctx.store().sqlName(FactEvents.NAME),
                view,
                sqlTimestamp(ObservedMetrics.instant(earliest), session));
    // A commit conflict with another process is retried on the new snapshot.
    TableWriteLock.writing(
        ctx.store().sqlName(FactEvents.NAME),
        () -> {
          if (ctx.store().exists(FactEvents.NAME)) {
            mergeRetryingConflicts(session, rekey);
          }
        });
    session.catalog().dropTempView(view);
  }

  /** Runs a deterministic MERGE, again on the new snapshot after a commit conflict. */
  static void mergeRetryingConflicts(SparkSession session, String merge) {
    for (int attempt = 1; ; attempt++) {
      try {
        session.sql(merge);
        return;
      } catch (RuntimeException e) {
        if (!isConcurrentModification(e) || attempt == REKEY_ATTEMPTS) {
          throw e;
        }
        sleep(Duration.ofMillis(200L * attempt));
      }
    }
  }

  private static final int REKEY_ATTEMPTS = 10;

  /** A timestamp literal's text for this instant, in the session's time zone. */
  static String sqlTimestamp(java.time.Instant instant, SparkSession session) {
    java.time.ZoneId zone = java.time.ZoneId.of(session.conf().get("spark.sql.session.timeZone"));
    return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
        .withZone(zone)
        .format(instant);
  }

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
   * {@code _seen} is each event's time, except for a current row standing in for the events before
   * the batch, whose {@code _seen} is the latest of them.
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
                    .as("_untracked"),
                max("_seen").as("last_event_at"));
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
            col("__END_AT").isNull().as("is_current"),
            col("last_event_at"));
  }
}
