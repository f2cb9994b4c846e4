package io.clickflow.pipeline.gold;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickflow.pipeline.LandingFixture;
import io.clickflow.pipeline.PipelineHarness;
import io.clickflow.pipeline.runtime.TableStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Gold view equals an independent Spark SQL query over Silver (and dim_user, for the
 * session's user key): after a first run, which computes the views in full, and after a second run
 * with new days, longer sessions, new pages and a late plan change, which the views take in
 * incrementally. A run with no new input leaves them untouched, and new input that leaves a
 * dimension or dim_date as it was writes no data to them.
 */
class GoldViewsTest {

  private static final Instant DAY1 = Instant.parse("2026-11-20T10:00:00Z");
  private static final Instant DAY2 = DAY1.plus(Duration.ofDays(1));
  private static final Instant DAY3 = Instant.parse("2026-11-22T00:00:00Z");

  @TempDir Path dir;

  /** The independent definitions: plain SQL over {@code silver} and {@code dim_user}. */
  private static final Map<String, String> EXPECTED =
      Map.of(
          "mv_daily_active_users",
          """
          SELECT event_date, COUNT(DISTINCT coalesce(user_id, anonymous_id)) AS active_users,
                 COUNT(DISTINCT user_id) AS signed_in_users, COUNT(*) AS events
          FROM silver GROUP BY event_date
          """,
          "dim_page",
          """
          SELECT xxhash64(page_path) AS page_sk, page_path,
                 max_by(page_title, struct(event_time, page_title)) AS page_title
          FROM silver GROUP BY page_path
          UNION ALL SELECT -1, NULL, NULL
          """,
          "dim_device",
          """
          SELECT DISTINCT xxhash64(device_type, device_os, device_browser) AS device_sk,
                 device_type, device_os, device_browser
          FROM silver
          UNION ALL SELECT -1, NULL, NULL, NULL
          """,
          "dim_campaign",
          """
          SELECT DISTINCT xxhash64(utm_source, utm_medium, utm_campaign) AS campaign_sk,
                 utm_source, utm_medium, utm_campaign
          FROM silver WHERE utm_source IS NOT NULL OR utm_campaign IS NOT NULL
          UNION ALL SELECT -1, NULL, NULL, NULL
          """,
          "dim_date",
          """
          SELECT CAST(date_format(d, 'yyyyMMdd') AS INT) AS date_key, d AS date
          FROM (SELECT explode(sequence(min(event_date), max(event_date))) AS d FROM silver)
          """,
          "fact_sessions",
          "SELECT * FROM sessions",
          "mv_funnel_daily",
          """
          SELECT event_date,
                 COUNT(DISTINCT CASE WHEN event_type = 'page_view' THEN session_id END)
                   AS page_view_sessions,
                 COUNT(DISTINCT CASE WHEN event_type = 'product_view' THEN session_id END)
                   AS product_view_sessions,
                 COUNT(DISTINCT CASE WHEN event_type = 'add_to_cart' THEN session_id END)
                   AS add_to_cart_sessions,
                 COUNT(DISTINCT CASE WHEN event_type = 'checkout' THEN session_id END)
                   AS checkout_sessions,
                 COUNT(DISTINCT CASE WHEN event_type = 'purchase' THEN session_id END)
                   AS purchase_sessions
          FROM silver GROUP BY event_date
          """,
          "mv_top_pages",
          """
          SELECT event_date, page_path, COUNT(*) AS page_views,
                 COUNT(DISTINCT coalesce(user_id, anonymous_id)) AS visitors
          FROM silver WHERE event_type = 'page_view' GROUP BY event_date, page_path
          """,
          "mv_session_kpis",
          """
          SELECT to_date(session_start) AS session_date, COUNT(*) AS sessions,
                 AVG(duration_seconds) AS avg_duration_seconds,
                 AVG(CAST(bounced AS DOUBLE)) AS bounce_rate,
                 AVG(CAST(converted AS DOUBLE)) AS conversion_rate, SUM(revenue) AS revenue
          FROM sessions GROUP BY to_date(session_start)
          """);

  /** How each incremental view writes the touched keys; the others are replaced whole. */
  private static final Map<String, String> INCREMENTAL =
      Map.of(
          "fact_sessions", "MERGE",
          "dim_page", "MERGE",
          "dim_device", "MERGE",
          "dim_campaign", "MERGE",
          "mv_daily_active_users", "WRITE replaceWhere",
          "mv_funnel_daily", "WRITE replaceWhere",
          "mv_top_pages", "WRITE replaceWhere",
          "mv_session_kpis", "WRITE replaceWhere");

  /** Sessions from Silver, each event keyed to the user version valid at its time. */
  private static final String SESSIONS =
      """
      SELECT s.session_id,
             max_by(s.user_id, s.event_time) AS user_id,
             max_by(coalesce(u.user_sk, -1), s.event_time) AS user_sk,
             min(s.event_time) AS session_start, max(s.event_time) AS session_end,
             COUNT(*) AS events,
             SUM(CASE WHEN s.event_type = 'page_view' THEN 1 ELSE 0 END) AS page_views,
             MAX(s.event_type = 'purchase') AS converted,
             coalesce(SUM(CASE WHEN s.event_type = 'purchase' THEN s.price * s.quantity END), 0D)
               AS revenue,
             CAST(unix_timestamp(max(s.event_time)) - unix_timestamp(min(s.event_time)) AS BIGINT)
               AS duration_seconds,
             COUNT(*) <= 1 AS bounced
      FROM silver s
      LEFT JOIN dim_user u
        ON s.user_id = u.user_id AND s.event_time >= u.__START_AT
           AND (u.__END_AT IS NULL OR s.event_time < u.__END_AT)
      WHERE s.session_id IS NOT NULL
      GROUP BY s.session_id
      """;

  @Test
  void everyViewEqualsItsIndependentQueryAfterAFullAndAnIncrementalRefresh() {
    LandingFixture landing = new LandingFixture(dir.resolve("landing"));
    landing
        .add(event("u1", "page_view", DAY1, "free", "/home", "google"))
        .add(event("u1", "add_to_cart", DAY1.plusSeconds(60), "free", "/p/1", null))
        .add(event("u1", "page_view", DAY1.plusSeconds(600), "free", "/p/1", null))
        .add(event("u2", "page_view", DAY1.plusSeconds(30), "pro", "/home", "newsletter"))
        .publish();
    PipelineHarness pipeline = new PipelineHarness(dir.resolve("landing"), dir.resolve("lake"), 0);
    pipeline.runOnce();
    assertViewsMatch(pipeline);
    Map<String, Long> afterFirst = versions(pipeline.store());

    landing
        // a later day, a new page and device, a purchase in an existing session
        .add(event("u1", "page_view", DAY2, "free", "/p/2", null))
        .add(purchase(event("u2", "purchase", DAY1.plusSeconds(90), "pro", "/checkout", null)))
        .add(device(event("u3", "page_view", DAY2.plusSeconds(5), "free", "/home", "ads")))
        // late: u1 turned pro between its first events, which splits its interval and re-keys
        // the facts (and so the session) after the change
        .add(event("u1", "page_view", DAY1.plusSeconds(45), "pro", "/home", null))
        // a visitor who is not signed in, and events outside any session, one of them on a day
        // that has no session at all
        .add(anonymous(event("a1", "product_view", DAY2.plusSeconds(20), "free", "/p/1", null)))
        .add(sessionless(event("u3", "checkout", DAY2.plusSeconds(40), "free", "/p/1", null)))
        .add(
            sessionless(
                anonymous(event("a2", "page_view", DAY3.plusSeconds(30), "free", "/p/3", null))))
        .publish();
    pipeline.runOnce();
    assertViewsMatch(pipeline);
    Map<String, Long> afterSecond = versions(pipeline.store());
    for (String view : EXPECTED.keySet()) {
      assertThat(lastWrite(pipeline.store(), view))
          .as("%s refreshed from the changes alone, or in full", view)
          .isEqualTo(INCREMENTAL.getOrDefault(view, "WRITE"));
      assertThat(afterSecond.get(view)).as(view).isGreaterThan(afterFirst.get(view));
    }

    pipeline.runOnce();
    assertThat(versions(pipeline.store()))
        .as("no new input, no view written")
        .isEqualTo(afterSecond);

    // New input whose page, device, campaign and day are known, on a page whose newest title is
    // later: the small dimensions and dim_date come out as they are and their data is not
    // written again (the dimensions record the Silver version they reflect).
    Map<String, Long> writtenAfterSecond = lastWriteVersions(pipeline.store());
    landing.add(event("u2", "page_view", DAY3.plusSeconds(10), "pro", "/p/3", null)).publish();
    pipeline.runOnce();
    assertViewsMatch(pipeline);
    Map<String, Long> writtenAfterThird = lastWriteVersions(pipeline.store());
    for (String view : EXPECTED.keySet()) {
      if (SAME_ROWS.contains(view)) {
        assertThat(writtenAfterThird.get(view)).as(view).isEqualTo(writtenAfterSecond.get(view));
      } else {
        assertThat(writtenAfterThird.get(view))
            .as(view)
            .isGreaterThan(writtenAfterSecond.get(view));
      }
    }
  }

  /** The views whose rows the third run's input leaves as they were. */
  private static final Set<String> SAME_ROWS =
      Set.of("dim_page", "dim_device", "dim_campaign", "dim_date");

  private static void assertViewsMatch(PipelineHarness pipeline) {
    TableStore store = pipeline.store();
    store.read("silver_events").createOrReplaceTempView("silver");
    store.read("dim_user").createOrReplaceTempView("dim_user");
    store.spark().sql(SESSIONS).createOrReplaceTempView("sessions");
    EXPECTED.forEach(
        (view, sql) -> {
          Dataset<Row> expected = store.spark().sql(sql);
          Dataset<Row> actual = store.read(view).select(expected.columns()[0], rest(expected));
          assertThat(rows(actual)).as(view).isEqualTo(rows(expected));
          assertThat(types(actual)).as(view + " column types").isEqualTo(types(expected));
        });
  }

  private static List<String> types(Dataset<Row> rows) {
    return Arrays.stream(rows.schema().fields()).map(f -> f.dataType().simpleString()).toList();
  }

  private static String[] rest(Dataset<Row> rows) {
    return Arrays.copyOfRange(rows.columns(), 1, rows.columns().length);
  }

  /** The rows as sorted text, doubles rounded: sums may add up in another order. */
  private static List<String> rows(Dataset<Row> rows) {
    return rows.collectAsList().stream()
        .map(
            row ->
                IntStream.range(0, row.size())
                    .mapToObj(
                        i ->
                            row.get(i) instanceof Double d
                                ? String.format("%.9f", d)
                                : String.valueOf(row.get(i)))
                    .collect(Collectors.joining("|")))
        .sorted()
        .toList();
  }

  private static Map<String, Long> versions(TableStore store) {
    return EXPECTED.keySet().stream()
        .collect(Collectors.toMap(view -> view, view -> store.version(view)));
  }

  /** Each view's newest data-changing version. */
  private static Map<String, Long> lastWriteVersions(TableStore store) {
    return EXPECTED.keySet().stream()
        .collect(
            Collectors.toMap(view -> view, view -> lastWriteRow(store, view).getAs("version")));
  }

  /** A view's newest commit, which is always a write: MERGE, WRITE replaceWhere or WRITE. */
  private static String lastWrite(TableStore store, String table) {
    Row last = lastWriteRow(store, table);
    String operation = last.getAs("operation");
    Map<String, String> parameters = last.getJavaMap(last.fieldIndex("operationParameters"));
    return operation.equals("WRITE") && parameters.containsKey("predicate")
        ? "WRITE replaceWhere"
        : operation;
  }

  private static Row lastWriteRow(TableStore store, String table) {
    return store.spark().sql("DESCRIBE HISTORY " + store.sqlName(table) + " LIMIT 1").first();
  }

  private static ObjectNode event(
      String user, String type, Instant time, String plan, String path, String utmSource) {
    ObjectNode e = LandingFixture.event(user, type, time, plan, "DE");
    ((ObjectNode) e.get("page")).put("path", path).put("title", "Title of " + path + " at " + time);
    if (utmSource != null) {
      e.putObject("marketing")
          .put("utm_source", utmSource)
          .put("utm_medium", "cpc")
          .put("utm_campaign", "autumn");
    }
    return e;
  }

  private static ObjectNode purchase(ObjectNode e) {
    e.putObject("commerce")
        .put("product_id", "sku-1")
        .put("price", 12.5)
        .put("currency", "EUR")
        .put("quantity", 3);
    return e;
  }

  /** The event of a visitor who is not signed in: an anonymous id, no user id. */
  private static ObjectNode anonymous(ObjectNode e) {
    ((ObjectNode) e.get("user")).remove(List.of("user_id", "email", "plan"));
    return e;
  }

  private static ObjectNode sessionless(ObjectNode e) {
    e.remove("session");
    return e;
  }

  private static ObjectNode device(ObjectNode e) {
    ((ObjectNode) e.get("device"))
        .put("type", "mobile")
        .put("os", "Android")
        .put("browser", "Chrome");
    return e;
  }
}
