package io.clickflow.pipeline.silver;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.udf;

import io.clickflow.contract.EventContract;
import io.clickflow.contract.TableConventions;
import io.clickflow.pipeline.bronze.BronzeEvents;
import io.clickflow.pipeline.bronze.BronzeSchema;
import io.clickflow.pipeline.graph.DatasetKind;
import io.clickflow.pipeline.graph.DatasetSpec;
import io.clickflow.pipeline.graph.Expectation;
import io.clickflow.pipeline.runtime.BatchOutcome;
import io.clickflow.pipeline.runtime.ExpectationCheck;
import io.clickflow.pipeline.runtime.LateEventThreshold;
import io.clickflow.pipeline.runtime.ObservedMetrics;
import io.clickflow.pipeline.runtime.PipelineContext;
import io.clickflow.pipeline.runtime.Pseudonymiser;
import io.clickflow.pipeline.runtime.StreamingTableDefinition;
import io.clickflow.pipeline.runtime.TableDeclaration;
import io.clickflow.pipeline.runtime.ViewRefresh;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code silver_events}: typed, flattened, deduplicated on {@code event_id} within the event-time
 * watermark, with email and IP pseudonymised. Rows failing a DROP expectation go to {@value
 * #QUARANTINE} with the names of the rules they failed.
 *
 * <p>Only rows with a valid id and time can take part in dedup (the watermark needs a time and the
 * state needs a key), so the stream is split: keyed rows go through the watermark and dedup, the
 * rest bypass them and are quarantined by the same expectations that define "keyed".
 */
public final class SilverEvents implements StreamingTableDefinition {

  public static final String NAME = "silver_events";
  public static final String QUARANTINE = TableConventions.quarantineOf(NAME);

  /** Where events behind the watermark go when late-event routing is on. */
  public static final String LATE_EVENTS = "silver_late_events";

  /** Marks the extra, undeduplicated copy of keyed rows that late-event routing reads. */
  private static final String LATE_CANDIDATE = "_late_candidate";

  static final Expectation VALID_EVENT_ID =
      Expectation.drop(
          "valid_event_id",
          "event_id RLIKE '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'");
  static final Expectation VALID_EVENT_TIME =
      Expectation.drop("valid_event_time", "event_time IS NOT NULL");

  static final List<Expectation> EXPECTATIONS =
      List.of(
          VALID_EVENT_ID,
          VALID_EVENT_TIME,
          Expectation.warn(
              "known_event_type",
              EventContract.EVENT_TYPES.stream()
                  .map(t -> "'" + t + "'")
                  .collect(Collectors.joining(", ", "event_type IN (", ")"))),
          Expectation.warn(
              "supported_schema_version", "schema_version = " + EventContract.SCHEMA_VERSION),
          Expectation.warn(
              "event_time_not_in_future", "event_time <= current_timestamp() + INTERVAL 5 MINUTES"),
          Expectation.warn("has_session", "session_id IS NOT NULL"),
          Expectation.warn("non_negative_price", "price IS NULL OR price >= 0"));

  private static final ExpectationCheck CHECK =
      new ExpectationCheck(NAME, EXPECTATIONS, "event_id", "event_time");

  /** PII columns of the typed stream; they never leave this class un-hashed. */
  private static final List<String> PII = List.of("email", "ip");

  /**
   * Identifying but not needed downstream: the device columns already carry what analysis uses of
   * the user agent, so the raw string is dropped rather than hashed.
   */
  private static final List<String> DROPPED_IDENTIFIERS = List.of("user_agent");

  @Override
  public DatasetSpec spec() {
    return new DatasetSpec(
        NAME,
        DatasetKind.STREAMING_TABLE,
        "silver",
        Set.of("silver"),
        Set.of(BronzeEvents.NAME),
        EXPECTATIONS,
        "Clean events: typed, flattened, deduplicated on event_id, PII pseudonymised.",
        Map.of(
            TableConventions.QUALITY_PROPERTY,
            "silver",
            "pii",
            "pseudonymised",
            "delta.dataSkippingStatsColumns",
            "event_time,event_date,user_id,session_id,event_type",
            // the small dimensions refresh from the rows appended since their last refresh
            ViewRefresh.CHANGE_FEED,
            "true"));
  }

  @Override
  public Dataset<Row> source(PipelineContext ctx) {
    Dataset<Row> typed = typed(ctx.store().readStream(BronzeEvents.NAME));
    Column keyed =
        coalesce(expr(VALID_EVENT_ID.sql()).and(expr(VALID_EVENT_TIME.sql())), lit(false));
    Dataset<Row> deduplicated =
        typed
            .filter(keyed)
            .withWatermark("event_time", ctx.settings().watermarkDelay())
            .dropDuplicatesWithinWatermark("event_id");
    Dataset<Row> clean = deduplicated.unionByName(typed.filter(not(keyed)));
    if (!ctx.settings().routeLateEvents()) {
      return CHECK.flagAndObserve(clean, lit(true));
    }
    // Dedup drops late rows before the batch function sees them, so routing needs the keyed rows
    // once more, unfiltered; the batch function keeps only those behind the watermark. They are
    // not Silver's input, so the expectation counts leave them out.
    return CHECK.flagAndObserve(
        clean
            .withColumn(LATE_CANDIDATE, lit(false))
            .unionByName(typed.filter(keyed).withColumn(LATE_CANDIDATE, lit(true))),
        not(col(LATE_CANDIDATE)));
  }

  /** Bronze's nested event as flat, typed columns. Still holds raw PII. */
  static Dataset<Row> typed(Dataset<Row> bronze) {
    return bronze.select(
        col("event_id"),
        col("event_type"),
        expr("try_to_timestamp(event_time)").as("event_time"),
        col("schema_version"),
        col("user.user_id").as("user_id"),
        col("user.anonymous_id").as("anonymous_id"),
        col("user.email").as("email"),
        col("user.ip").as("ip"),
        col("user.plan").as("plan"),
        col("session.session_id").as("session_id"),
        col("session.sequence").as("session_sequence"),
        col("device.type").as("device_type"),
        col("device.os").as("device_os"),
        col("device.browser").as("device_browser"),
        col("device.user_agent").as("user_agent"),
        col("geo.country").as("country"),
        col("geo.region").as("region"),
        col("geo.city").as("city"),
        col("page.url").as("page_url"),
        col("page.path").as("page_path"),
        col("page.title").as("page_title"),
        col("page.referrer").as("page_referrer"),
        col("marketing.utm_source").as("utm_source"),
        col("marketing.utm_medium").as("utm_medium"),
        col("marketing.utm_campaign").as("utm_campaign"),
        col("commerce.product_id").as("product_id"),
        col("commerce.price").as("price"),
        col("commerce.currency").as("currency"),
        col("commerce.quantity").as("quantity"),
        col("properties"),
        col(BronzeSchema.RESCUED_DATA).isNotNull().as("has_rescued_data"),
        col(BronzeSchema.INGESTED_AT),
        col(BronzeSchema.FILE_PATH));
  }

  /**
   * Reads the batch several times (late routing, FAIL rules, Silver and the quarantine), so it is
   * persisted: each row is computed, and counted by the observation, once.
   */
  @Override
  public void writeBatch(Dataset<Row> batch, long batchId, PipelineContext ctx) {
    Dataset<Row> cached = batch.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> rows = cached;
      if (ctx.settings().routeLateEvents()) {
        routeLateEvents(cached, batchId, ctx);
        rows = cached.filter(not(col(LATE_CANDIDATE))).drop(LATE_CANDIDATE);
      }
      CHECK.failFast(rows);
      ctx.store()
          .declare(
              QUARANTINE,
              new TableDeclaration(
                  "silver_events rows that failed a DROP expectation, with the rules they failed.",
                  Map.of(TableConventions.QUALITY_PROPERTY, "silver", "pii", "pseudonymised")));
      UserDefinedFunction pseudonymise = pseudonymiser(ctx.settings().requirePseudonymiser(NAME));
      ctx.store()
          .append(
              pseudonymised(rows.filter(not(col(ExpectationCheck.DROPPED))), pseudonymise)
                  .withColumnRenamed(ExpectationCheck.FAILED, "_expectation_warnings")
                  .drop(ExpectationCheck.DROPPED),
              NAME,
              NAME,
              batchId,
              ctx.mayReplay());
      Dataset<Row> dropped = rows.filter(col(ExpectationCheck.DROPPED));
      if (!dropped.isEmpty()) {
        ctx.store()
            .append(
                pseudonymised(dropped, pseudonymise)
                    .drop(ExpectationCheck.DROPPED)
                    .withColumn("_quarantined_at", current_timestamp()),
                QUARANTINE,
                QUARANTINE,
                batchId,
                ctx.mayReplay());
      }
    } finally {
      cached.unpersist();
    }
  }

  @Override
  public BatchOutcome outcome(ObservedMetrics observed) {
    ExpectationCheck.Summary summary = CHECK.summary(observed);
    return new BatchOutcome(
        summary.rows(),
        summary.rows() - summary.dropped(),
        summary.dropped(),
        summary.expectations(),
        0,
        0,
        0,
        summary.maxEventTime());
  }

  /**
   * Writes the batch's late events, pseudonymised like Silver, to {@value #LATE_EVENTS}: the keyed
   * rows at or behind the watermark Spark's dedup compared them with, i.e. exactly those it drops.
   */
  private static void routeLateEvents(Dataset<Row> batch, long batchId, PipelineContext ctx) {
    Instant threshold =
        LateEventThreshold.forBatch(ctx.store().spark(), ctx.store().checkpoint(NAME), batchId);
    Dataset<Row> late =
        pseudonymised(
                batch.filter(
                    col(LATE_CANDIDATE).and(col("event_time").leq(lit(Timestamp.from(threshold))))),
                pseudonymiser(ctx.settings().requirePseudonymiser(NAME)))
            .drop(LATE_CANDIDATE, ExpectationCheck.FAILED, ExpectationCheck.DROPPED)
            .withColumn("_watermark", lit(Timestamp.from(threshold)))
            .withColumn("_routed_at", current_timestamp());
    ctx.store()
        .declare(
            LATE_EVENTS,
            new TableDeclaration(
                "silver_events rows that arrived behind the event-time watermark.",
                Map.of(TableConventions.QUALITY_PROPERTY, "silver", "pii", "pseudonymised")));
    if (threshold.equals(Instant.EPOCH) || late.isEmpty()) {
      ctx.store().createIfMissing(LATE_EVENTS, late.schema());
    } else {
      ctx.store().append(late, LATE_EVENTS, LATE_EVENTS, batchId, ctx.mayReplay());
    }
  }

  /** Replaces each PII column by its pseudonym, in place of the original position. */
  static Dataset<Row> pseudonymised(Dataset<Row> rows, UserDefinedFunction pseudonymise) {
    Dataset<Row> result =
        rows.withColumn("event_date", to_date(col("event_time")))
            .drop(DROPPED_IDENTIFIERS.toArray(String[]::new));
    for (String column : PII) {
      result = result.withColumn(column, pseudonymise.apply(col(column)));
      result = result.withColumnRenamed(column, column + "_sha256");
    }
    return result;
  }

  static UserDefinedFunction pseudonymiser(Pseudonymiser pseudonymiser) {
    return udf((UDF1<String, String>) pseudonymiser::pseudonymise, DataTypes.StringType)
        .withName("pseudonymise");
  }
}
