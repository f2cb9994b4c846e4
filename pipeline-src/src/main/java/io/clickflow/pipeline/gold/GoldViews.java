package io.clickflow.pipeline.gold;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.clickflow.contract.TableConventions;
import io.clickflow.pipeline.graph.DatasetKind;
import io.clickflow.pipeline.graph.DatasetSpec;
import io.clickflow.pipeline.runtime.IncrementalRefresh;
import io.clickflow.pipeline.runtime.MaterializedViewDefinition;
import io.clickflow.pipeline.runtime.PipelineContext;
import io.clickflow.pipeline.runtime.ViewInputs;
import io.clickflow.pipeline.runtime.ViewRefresh;
import io.clickflow.pipeline.silver.SilverEvents;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The star schema's small dimensions, the session-grain fact and the reporting views, all
 * materialized views over one input each.
 *
 * <p>A view is not written when its input has not changed since its last refresh. A view whose
 * every row depends only on the input rows of one key refreshes incrementally (see {@link
 * io.clickflow.pipeline.runtime.ViewRefresh}): the keys its input's changes touch are recomputed
 * and the rest is left alone. Distinct counts and session boundaries cannot be added up batch by
 * batch, but they can be recomputed for the touched key alone.
 *
 * <ul>
 *   <li>by event day, replacing the touched days: {@code mv_daily_active_users}, {@code
 *       mv_funnel_daily}, {@code mv_top_pages}; {@code mv_session_kpis} by session day from {@code
 *       fact_sessions};
 *   <li>by session, merging the touched sessions: {@code fact_sessions} (a re-keyed fact changes
 *       its session's user key too). Only facts from the earliest of the touched sessions' stored
 *       starts and the changed facts' times on are read, and only stored sessions starting from
 *       there are merged with: no fact of a touched session is earlier than both;
 *   <li>by member, from Silver's new rows: {@code dim_device}, {@code dim_campaign} and {@code
 *       dim_page}. Silver is only appended to, so a combination or a page is stored as it is unless
 *       the new rows bring it, or, for a page, a title other than its stored one; only those pages
 *       are recomputed from Silver, and a title older than the stored one changes nothing;
 *   <li>by span: {@code dim_date}, every day from the first to the last event date. New facts on
 *       days it holds leave it as it is; a fact on a day it lacks, or a fact updated or deleted,
 *       recomputes it in full, and it is not written when it comes out as stored.
 * </ul>
 *
 * <p>Every dimension has an unknown member with key {@value FactEvents#UNKNOWN_USER_SK}, so facts
 * whose attribute is missing still join.
 */
public final class GoldViews {

  private GoldViews() {}

  /** A materialized view defined by a query over other datasets. */
  record View(
      String name,
      Set<String> reads,
      String comment,
      IncrementalRefresh refresh,
      BiFunction<PipelineContext, View, Dataset<Row>> query)
      implements MaterializedViewDefinition {

    @Override
    public DatasetSpec spec() {
      Map<String, String> properties = new HashMap<>();
      properties.put(TableConventions.QUALITY_PROPERTY, "gold");
      properties.put("refresh", refresh == null ? "full" : "incremental");
      if (name.equals(SESSIONS)) {
        properties.put(ViewRefresh.CHANGE_FEED, "true"); // mv_session_kpis refreshes from it
      }
      return new DatasetSpec(
          name,
          DatasetKind.MATERIALIZED_VIEW,
          "gold",
          Set.of("gold", "mv"),
          reads,
          List.of(),
          comment,
          properties);
    }

    @Override
    public Dataset<Row> query(PipelineContext ctx) {
      return query.apply(ctx, this);
    }

    @Override
    public Optional<IncrementalRefresh> incremental() {
      return Optional.ofNullable(refresh);
    }
  }

  static final String SESSIONS = "fact_sessions";

  /**
   * Views over the facts by day: a day's changed facts replace that day's rows. One instance, so
   * the views it serves look the touched days up once a round (see {@link ViewInputs}).
   */
  private static final IncrementalRefresh BY_EVENT_DATE =
      IncrementalRefresh.byGroup(FactEvents.NAME, changed -> changed.select("event_date"));

  public static List<MaterializedViewDefinition> definitions() {
    return List.of(
        new View(
            "mv_daily_active_users",
            Set.of(FactEvents.NAME),
            "Daily active visitors (signed-in or anonymous) and events.",
            BY_EVENT_DATE,
            (ctx, v) ->
                // Per visitor first, then per day: two distinct counts in one aggregation would
                // expand every event once per count. A signed-in visitor is its user_id.
                facts(ctx)
                    .groupBy(
                        col("event_date"), expr("coalesce(user_id, anonymous_id)").as("visitor"))
                    .agg(
                        count(lit(1)).as("events"), max(col("user_id").isNotNull()).as("signed_in"))
                    .groupBy("event_date")
                    .agg(
                        count(col("visitor")).as("active_users"),
                        count(when(col("signed_in"), 1)).as("signed_in_users"),
                        coalesce(sum("events"), lit(0L)).as("events"))
                    .orderBy(col("event_date"))),
        new View(
            "dim_page",
            Set.of(SilverEvents.NAME),
            "Pages by path, SCD type 1: the latest title wins.",
            IncrementalRefresh.byMembers(
                SilverEvents.NAME, GoldViews::pages, "page_sk", "page_path"),
            (ctx, v) -> withUnknown(pages(silver(ctx)), "page_sk")),
        new View(
            "dim_device",
            Set.of(SilverEvents.NAME),
            "Device type, operating system and browser combinations.",
            IncrementalRefresh.byMembers(
                SilverEvents.NAME,
                GoldViews::devices,
                "device_sk",
                "device_type",
                "device_os",
                "device_browser"),
            (ctx, v) -> withUnknown(devices(silver(ctx)), "device_sk")),
        new View(
            "dim_campaign",
            Set.of(SilverEvents.NAME),
            "Marketing source, medium and campaign combinations.",
            IncrementalRefresh.byMembers(
                SilverEvents.NAME,
                GoldViews::campaigns,
                "campaign_sk",
                "utm_source",
                "utm_medium",
                "utm_campaign"),
            (ctx, v) -> withUnknown(campaigns(silver(ctx)), "campaign_sk")),
        new View(
            "dim_date",
            Set.of(FactEvents.NAME),
            "One row per day from the first to the last event date.",
            IncrementalRefresh.bySpan(
                FactEvents.NAME, changed -> changed.select(col("event_date").as("date")), "date"),
            (ctx, v) ->
                facts(ctx)
                    .agg(min("event_date").as("first"), max("event_date").as("last"))
                    .select(expr("explode(sequence(first, last, INTERVAL 1 DAY))").as("date"))
                    .select(
                        expr("CAST(date_format(date, 'yyyyMMdd') AS INT)").as("date_key"),
                        col("date"),
                        expr("year(date)").as("year"),
                        expr("month(date)").as("month"),
                        expr("day(date)").as("day"),
                        expr("dayofweek(date)").as("day_of_week"),
                        expr("dayofweek(date) IN (1, 7)").as("is_weekend"))),
        new View(
            "fact_sessions",
            Set.of(FactEvents.NAME),
            "Session grain: start, end, duration, page views, bounce, conversion, revenue.",
            IncrementalRefresh.byRow(FactEvents.NAME, changed -> changed.select("session_id"))
                .since("event_time", "session_start", GoldViews::sessions),
            (ctx, v) -> sessions(facts(ctx))),
        new View(
            "mv_funnel_daily",
            Set.of(FactEvents.NAME),
            "Sessions reaching each funnel step per day, and the conversion to purchase.",
            BY_EVENT_DATE,
            (ctx, v) -> {
              // Per session and day first, then per day: five distinct counts in one aggregation
              // would expand every event five times.
              Dataset<Row> steps =
                  facts(ctx)
                      .groupBy("event_date", "session_id")
                      .agg(
                          reached("page_view"),
                          reached("product_view"),
                          reached("add_to_cart"),
                          reached("checkout"),
                          reached("purchase"))
                      .groupBy("event_date")
                      .agg(
                          sessionsReaching("page_view"),
                          sessionsReaching("product_view"),
                          sessionsReaching("add_to_cart"),
                          sessionsReaching("checkout"),
                          sessionsReaching("purchase"));
              return steps
                  .withColumn(
                      "conversion_rate",
                      when(
                          col("page_view_sessions").gt(0),
                          col("purchase_sessions").divide(col("page_view_sessions"))))
                  .orderBy("event_date");
            }),
        new View(
            "mv_top_pages",
            Set.of(FactEvents.NAME),
            "Page views and distinct visitors per page and day.",
            BY_EVENT_DATE,
            (ctx, v) ->
                facts(ctx)
                    .filter(col("event_type").equalTo("page_view"))
                    .groupBy("event_date", "page_path")
                    .agg(
                        count(lit(1)).as("page_views"),
                        countDistinct(expr("coalesce(user_id, anonymous_id)")).as("visitors"))
                    .orderBy(col("event_date"), col("page_views").desc())),
        new View(
            "mv_session_kpis",
            Set.of("fact_sessions"),
            "Sessions, average duration, bounce and conversion rates and revenue per day.",
            IncrementalRefresh.byGroup(
                SESSIONS,
                changed -> changed.select(expr("to_date(session_start)").as("session_date"))),
            (ctx, v) ->
                ctx.store()
                    .read("fact_sessions")
                    .groupBy(expr("to_date(session_start)").as("session_date"))
                    .agg(
                        count(lit(1)).as("sessions"),
                        avg("duration_seconds").as("avg_duration_seconds"),
                        avg(col("bounced").cast("double")).as("bounce_rate"),
                        avg(col("converted").cast("double")).as("conversion_rate"),
                        sum("revenue").as("revenue"))
                    .orderBy("session_date")));
  }

  /**
   * Pages by path with their newest title, from Silver rows. Of titles seen at the same newest
   * instant, the greatest wins, so the choice does not depend on the order rows are read in.
   */
  static Dataset<Row> pages(Dataset<Row> silver) {
    return silver
        .groupBy("page_path")
        .agg(expr("max_by(page_title, struct(event_time, page_title))").as("page_title"))
        .select(xxhash64(col("page_path")).as("page_sk"), col("page_path"), col("page_title"));
  }

  /** Device combinations, from Silver rows. */
  static Dataset<Row> devices(Dataset<Row> silver) {
    return combinations(silver, "device_sk", "device_type", "device_os", "device_browser");
  }

  /** Marketing combinations, from Silver rows that carry one. */
  static Dataset<Row> campaigns(Dataset<Row> silver) {
    return combinations(
        silver.filter("utm_source IS NOT NULL OR utm_campaign IS NOT NULL"),
        "campaign_sk",
        "utm_source",
        "utm_medium",
        "utm_campaign");
  }

  /** The distinct combinations of some columns, keyed by their hash. */
  private static Dataset<Row> combinations(Dataset<Row> rows, String key, String... columns) {
    Column[] values = Arrays.stream(columns).map(functions::col).toArray(Column[]::new);
    Column[] keyed =
        Stream.concat(Stream.of(xxhash64(values).as(key)), Arrays.stream(values))
            .toArray(Column[]::new);
    return rows.select(values).distinct().select(keyed);
  }

  private static Dataset<Row> silver(PipelineContext ctx) {
    return ctx.store().read(SilverEvents.NAME);
  }

  private static Dataset<Row> facts(PipelineContext ctx) {
    return ctx.store().read(FactEvents.NAME);
  }

  /** Whether a session (not the events without one) reached a funnel step. */
  private static Column reached(String eventType) {
    return max(col("session_id").isNotNull().and(col("event_type").equalTo(eventType)))
        .as(eventType);
  }

  /** The sessions that reached a funnel step, from {@link #reached}. */
  private static Column sessionsReaching(String eventType) {
    return count(when(col(eventType), 1)).as(eventType + "_sessions");
  }

  /** Sessions from their facts; a session's start is its earliest fact's event time. */
  static Dataset<Row> sessions(Dataset<Row> facts) {
    return facts
        .filter(col("session_id").isNotNull())
        .groupBy("session_id")
        .agg(
            expr("max_by(user_id, event_time)").as("user_id"),
            expr("max_by(user_sk, event_time)").as("user_sk"),
            min("event_time").as("session_start"),
            max("event_time").as("session_end"),
            count(lit(1)).as("events"),
            sum(when(col("event_type").equalTo("page_view"), 1).otherwise(0)).as("page_views"),
            max(when(col("event_type").equalTo("purchase"), true).otherwise(false)).as("converted"),
            expr("coalesce(sum(revenue), 0D)").as("revenue"))
        .withColumn(
            "duration_seconds",
            expr("CAST(unix_timestamp(session_end) - unix_timestamp(session_start) AS BIGINT)"))
        .withColumn("bounced", col("events").leq(1));
  }

  /** Adds the unknown member: key -1 and NULL attributes. */
  private static Dataset<Row> withUnknown(Dataset<Row> dimension, String key) {
    Dataset<Row> unknown =
        dimension.sparkSession().range(1).select(lit(FactEvents.UNKNOWN_USER_SK).as(key));
    return dimension.unionByName(unknown, true);
  }
}
