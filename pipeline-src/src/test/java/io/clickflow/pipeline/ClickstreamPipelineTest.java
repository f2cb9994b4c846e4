package io.clickflow.pipeline;

import static io.clickflow.pipeline.PipelineHarness.columnsContaining;
import static io.clickflow.pipeline.PipelineHarness.sum;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickflow.contract.EventLog;
import io.clickflow.pipeline.runtime.FlowProgressRecord;
import io.clickflow.pipeline.runtime.PreflightException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole graph on local Spark and Delta, over small hand-made landing files. */
class ClickstreamPipelineTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @TempDir Path dir;

  private LandingFixture landing() {
    return new LandingFixture(dir.resolve("landing"));
  }

  private PipelineHarness pipeline(int maxFilesPerTrigger) {
    return new PipelineHarness(dir.resolve("landing"), dir.resolve("lake"), maxFilesPerTrigger);
  }

  @Test
  void everyNonEmptyLineIsAccountedForAndNoRawPiiLeavesBronze() {
    LandingFixture landing = landing();
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
    landing.addRaw("   ");
    landing.add(
        LandingFixture.event("u4", "click", T0, "free", "DE").put("event_time", "yesterday"));
    landing.addRaw(
        "\uFEFF" + LandingFixture.event("u5", "scroll", T0.plusSeconds(730), "free", "DE") + "\r");
    landing.addBytes(new byte[] {'{', '"', 'x', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
    landing.add(
        LandingFixture.event("u5", "search", T0.plusSeconds(740), "free", "DE")
            .put("padding", "x".repeat(3 * 1024 * 1024)));
    landing.publish();
    PipelineHarness pipeline = pipeline(0);

    List<FlowProgressRecord> records = pipeline.runOnce();

    assertThat(pipeline.count("bronze_events")).as("non-empty lines").isEqualTo(29);
    assertThat(sum(records, "bronze_events", r -> r.outcome().emptyLines())).isEqualTo(2);
    assertThat(sum(records, "bronze_events", r -> r.outcome().rescuedRecords())).isEqualTo(4);
    assertThat(sum(records, "bronze_events", r -> r.outcome().corruptRecords())).isEqualTo(1);
    Row corrupt =
        pipeline.store().read("bronze_events").filter(col("_corrupt_record").isNotNull()).first();
    assertThat(corrupt.<String>getAs("_corrupt_record")).isEqualTo("{\"event_id\": \"truncated");
    assertThat(pipeline.count("silver_events")).as("distinct valid event ids").isEqualTo(25);
    assertThat(pipeline.count("silver_events_quarantine"))
        .as("quarantined rows = dropped records in the event log")
        .isEqualTo(sum(records, "silver_events", r -> r.outcome().droppedRecords()))
        .isEqualTo(3);
    assertThat(
            pipeline
                .store()
                .read("silver_events_quarantine")
                .selectExpr("explode(_failed_expectations) AS rule")
                .as(Encoders.STRING())
                .collectAsList())
        .contains("valid_event_id", "valid_event_time");
    assertThat(pipeline.count("fact_events")).isEqualTo(25);
    assertThat(pipeline.store().read(EventLog.TABLE).count()).isEqualTo(records.size());
  }

  @Test
  void rawEmailIpAndUserAgentReachNoSilverOrGoldColumn() {
    LandingFixture landing = landing();
    for (int i = 0; i < 12; i++) {
      landing.add(
          LandingFixture.event("u" + i, "page_view", T0.plusSeconds(i), "free", "DE")
              .put("Email", LandingFixture.emailOf("u" + i)));
    }
    landing.addRaw("not json " + LandingFixture.emailOf("u0"));
    landing.publish();
    PipelineHarness pipeline = pipeline(0);
    pipeline.runOnce();

    List<String> raw = new java.util.ArrayList<>();
    pipeline
        .store()
        .read("bronze_events")
        .select("user.email", "user.ip", "device.user_agent")
        .collectAsList()
        .forEach(
            r -> {
              for (int i = 0; i < 3; i++) {
                if (!r.isNullAt(i)) {
                  raw.add(r.getString(i));
                }
              }
            });
    assertThat(raw).hasSizeGreaterThan(24);
    for (String table :
        List.of(
            "silver_events",
            "silver_events_quarantine",
            "dim_user",
            "fact_events",
            "fact_sessions",
            "dim_page",
            "dim_device",
            "dim_campaign",
            "mv_daily_active_users",
            "mv_funnel_daily",
            "mv_top_pages",
            "mv_session_kpis")) {
      assertThat(columnsContaining(pipeline.store().read(table), raw)).as(table).isEmpty();
    }
  }

  @Test
  void duplicatesWithinTheWatermarkGoAndEventsBehindItAreCounted() {
    LandingFixture landing = landing();
    var replayed = LandingFixture.event("u1", "page_view", T0.plusSeconds(1700), "free", "DE");
    landing
        .add(replayed)
        .add(LandingFixture.event("u2", "page_view", T0.plusSeconds(1800), "free", "DE"))
        .publish();
    PipelineHarness pipeline = pipeline(0);
    List<FlowProgressRecord> records =
        new java.util.ArrayList<>(pipeline.runOnce("bronze", "silver"));
    landing
        .add(replayed)
        .add(LandingFixture.event("u3", "click", T0.plusSeconds(1790), "free", "DE"))
        .add(LandingFixture.event("u3", "click", T0.minusSeconds(3600), "free", "DE"))
        .publish();

    records.addAll(pipeline.runOnce("bronze", "silver"));

    assertThat(pipeline.count("bronze_events")).isEqualTo(5);
    assertThat(sum(records, "silver_events", FlowProgressRecord::lateRecords))
        .as("the click an hour behind a 10-minute watermark")
        .isEqualTo(1);
    assertThat(pipeline.count("silver_events")).as("u1, u2 and u3's on-time click").isEqualTo(3);
    assertThat(records.stream().filter(r -> r.dataset().equals("silver_events")))
        .anySatisfy(r -> assertThat(r.watermark()).isEqualTo(T0.plusSeconds(1800 - 600)));
  }

  @Test
  void withRoutingEventsBehindTheWatermarkLandInTheirOwnTableExactlyAsSparkDropsThem() {
    LandingFixture landing = landing();
    landing
        .add(LandingFixture.event("u1", "page_view", T0.plusSeconds(1700), "free", "DE"))
        .add(LandingFixture.event("u2", "page_view", T0.plusSeconds(1800), "free", "DE"))
        .publish();
    PipelineHarness pipeline =
        new PipelineHarness(dir.resolve("landing"), dir.resolve("lake"), 0, 0, true);
    List<FlowProgressRecord> records =
        new java.util.ArrayList<>(pipeline.runOnce("bronze", "silver"));
    // The watermark is now T0+1800s minus 10 minutes; an event exactly on it is already late.
    var onTheWatermark = LandingFixture.event("u4", "click", T0.plusSeconds(1200), "pro", "FR");
    var anHourBehind = LandingFixture.event("u3", "click", T0.minusSeconds(3600), "free", "DE");
    landing
        .add(onTheWatermark)
        .add(anHourBehind)
        .add(LandingFixture.event("u3", "click", T0.plusSeconds(1201), "free", "DE"))
        .publish();

    records.addAll(pipeline.runOnce("bronze", "silver"));

    assertThat(sum(records, "silver_events", FlowProgressRecord::lateRecords))
        .as("Spark's own count of rows dropped by the watermark")
        .isEqualTo(2);
    Dataset<Row> late = pipeline.store().read("silver_late_events");
    assertThat(late.select("event_id").as(Encoders.STRING()).collectAsList())
        .containsExactlyInAnyOrder(
            onTheWatermark.get("event_id").asText(), anHourBehind.get("event_id").asText());
    assertThat(late.columns()).contains("email_sha256", "ip_sha256", "_watermark");
    assertThat(columnsContaining(late, List.of(LandingFixture.emailOf("u4")))).isEmpty();
    assertThat(pipeline.count("silver_events")).as("u1, u2 and u3's on-time click").isEqualTo(3);
  }

  @Test
  void perTriggerLimitsSplitBronzeIntoBatchesOfWholeFiles() {
    LandingFixture landing = landing();
    for (int file = 0; file < 3; file++) {
      landing
          .add(LandingFixture.event("u" + file, "page_view", T0.plusSeconds(file), "free", "DE"))
          .publish();
    }
    PipelineHarness pipeline =
        new PipelineHarness(dir.resolve("landing"), dir.resolve("lake"), 0, 1);

    List<FlowProgressRecord> records = pipeline.runOnce("bronze", "silver");

    assertThat(records.stream().filter(r -> r.dataset().equals("bronze_events")))
        .as("one file per batch under a 1-byte cap")
        .hasSize(3);
    assertThat(pipeline.count("silver_events")).isEqualTo(3);
  }

  @Test
  void sessionsFunnelAndDimensionsComeFromTheFacts() {
    LandingFixture landing = landing();
    landing.add(LandingFixture.event("u1", "page_view", T0, "free", "DE"));
    String[] funnel = {"page_view", "product_view", "add_to_cart", "checkout", "purchase"};
    for (int i = 0; i < funnel.length; i++) {
      var event = LandingFixture.event("u2", funnel[i], T0.plusSeconds(10L * i), "pro", "FR");
      event
          .putObject("commerce")
          .put("product_id", "sku-1")
          .put("price", 20.0)
          .put("currency", "EUR")
          .put("quantity", 2);
      landing.add(event);
    }
    landing.publish();
    PipelineHarness pipeline = pipeline(0);
    pipeline.runOnce();

    List<Row> sessions =
        pipeline.store().read("fact_sessions").orderBy("session_id").collectAsList();
    assertThat(sessions)
        .extracting(r -> r.<String>getAs("session_id"))
        .containsExactly("s-u1", "s-u2");
    assertThat(sessions.get(0).<Boolean>getAs("bounced")).isTrue();
    assertThat(sessions.get(0).<Boolean>getAs("converted")).isFalse();
    assertThat(sessions.get(1).<Boolean>getAs("converted")).isTrue();
    assertThat(sessions.get(1).<Long>getAs("duration_seconds")).isEqualTo(40L);
    assertThat(sessions.get(1).<Double>getAs("revenue")).isEqualTo(40.0);

    Row funnelDay = pipeline.store().read("mv_funnel_daily").first();
    assertThat(funnelDay.<Long>getAs("page_view_sessions")).isEqualTo(2L);
    assertThat(funnelDay.<Long>getAs("purchase_sessions")).isEqualTo(1L);
    assertThat(funnelDay.<Double>getAs("conversion_rate")).isEqualTo(0.5);
    assertThat(pipeline.store().read("dim_page").filter("page_sk = -1").count()).isEqualTo(1);
    assertThat(pipeline.store().read("dim_date").count()).isEqualTo(1);
    assertThat(pipeline.store().read("mv_session_kpis").first().<Double>getAs("bounce_rate"))
        .isEqualTo(0.5);
  }

  @Test
  void aSecondRunProcessesOnlyNewFiles() {
    LandingFixture landing = landing();
    landing.add(LandingFixture.event("u1", "page_view", T0, "free", "DE")).publish();
    PipelineHarness pipeline = pipeline(0);
    pipeline.runOnce();
    landing
        .add(LandingFixture.event("u1", "click", T0.plusSeconds(5), "free", "DE"))
        .add(LandingFixture.event("u2", "click", T0.plusSeconds(6), "free", "DE"))
        .publish();

    List<FlowProgressRecord> second = pipeline.runOnce();

    assertThat(sum(second, "bronze_events", r -> r.outcome().inputRows())).isEqualTo(2);
    assertThat(pipeline.count("bronze_events")).isEqualTo(3);
    assertThat(pipeline.count("fact_events")).isEqualTo(3);
    assertThat(pipeline.runOnce()).noneMatch(r -> r.dataset().equals("bronze_events"));

    pipeline
        .store()
        .spark()
        .sql(
            "ALTER TABLE "
                + pipeline.store().sqlName("fact_events")
                + " SET TBLPROPERTIES ('clickflow.kind' = 'MATERIALIZED_VIEW')");
    assertThatThrownBy(() -> pipeline.preflight(Set.of()))
        .isInstanceOf(PreflightException.class)
        .hasMessageContaining("fact_events was a MATERIALIZED_VIEW")
        .hasMessageContaining("--full-refresh fact_events");
    pipeline.preflight(Set.of("fact_events"));
  }

  @Test
  void dimUserKeepsHistoryAndALateChangeSplitsTheRightInterval() {
    LandingFixture landing = landing();
    landing
        .add(LandingFixture.event("u1", "page_view", T0, "free", "DE"))
        .add(LandingFixture.event("u1", "page_view", T0.plusSeconds(300), "pro", "DE"))
        .add(LandingFixture.event("u2", "page_view", T0, "free", "FR"))
        .publish();
    PipelineHarness pipeline = pipeline(0);
    pipeline.runOnce();
    landing
        .add(LandingFixture.event("u1", "click", T0.plusSeconds(120), "enterprise", "DE"))
        .publish();
    pipeline.runOnce();

    List<Row> u1 =
        pipeline
            .store()
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
            pipeline
                .store()
                .read("dim_user")
                .filter(col("is_current"))
                .groupBy("user_id")
                .count()
                .filter("count <> 1")
                .count())
        .isZero();

    Row fact =
        pipeline.store().read("fact_events").filter(col("event_type").equalTo("click")).first();
    assertThat(fact.<Long>getAs("user_sk")).isEqualTo(u1.get(1).<Long>getAs("user_sk"));
  }

  @Test
  void factsWrittenBeforeALateChangeAreReKeyedToTheVersionValidAtTheirTime() {
    LandingFixture landing = landing();
    landing
        .add(LandingFixture.event("u1", "page_view", T0, "free", "DE"))
        .add(LandingFixture.event("u1", "click", T0.plusSeconds(200), "free", "DE"))
        .publish();
    PipelineHarness pipeline = pipeline(0);
    pipeline.runOnce();
    landing
        .add(LandingFixture.event("u1", "add_to_cart", T0.plusSeconds(100), "pro", "DE"))
        .publish();

    pipeline.runOnce();

    assertThat(pipeline.count("dim_user")).as("free, pro, free again").isEqualTo(3);
    pipeline.assertEveryFactKeyedToItsVersion(3);
  }

  @Test
  void aReplayedFactBatchWhoseAppendWasAlreadyCommittedIsKeyedAgain() throws Exception {
    LandingFixture landing = landing();
    landing
        .add(LandingFixture.event("u1", "page_view", T0, "free", "DE"))
        .add(LandingFixture.event("u1", "click", T0.plusSeconds(60), "pro", "DE"))
        .add(LandingFixture.event("u2", "page_view", T0.plusSeconds(5), "free", "FR"))
        .publish();
    PipelineHarness pipeline = pipeline(0);
    pipeline.runOnce();
    // An attempt that appended its facts and was killed before keying them again: the facts
    // hold keys from before, and the flow's checkpoint never recorded the batch as done.
    pipeline
        .store()
        .spark()
        .sql("UPDATE " + pipeline.store().sqlName("fact_events") + " SET user_sk = -1");
    Path commits = Path.of(pipeline.store().checkpoint("fact_events"), "commits");
    Files.delete(commits.resolve("0"));
    Files.deleteIfExists(commits.resolve(".0.crc"));

    pipeline.runOnce();

    assertThat(pipeline.count("fact_events")).as("the append was not repeated").isEqualTo(3);
    pipeline.assertEveryFactKeyedToItsVersion(3);
  }

  @Test
  void aContinuousRunOnAFreshLakehouseStartsEachFlowOnceItsInputExists() throws Exception {
    LandingFixture landing = landing();
    // The landing folder exists and is empty, as a fresh deployment's is: Bronze's file source
    // needs the folder, and the run must not race the first publish to it.
    java.nio.file.Files.createDirectories(dir.resolve("landing"));
    PipelineHarness pipeline = pipeline(0);
    Thread run = pipeline.runContinuously(java.time.Duration.ofSeconds(1));
    try {
      landing
          .add(LandingFixture.event("u1", "page_view", T0, "free", "DE"))
          .add(LandingFixture.event("u2", "page_view", T0.plusSeconds(5), "pro", "FR"))
          .publish();
      awaitRows(pipeline, "fact_events", 2);
      landing
          .add(LandingFixture.event("u1", "purchase", T0.plusSeconds(60), "pro", "DE"))
          .publish();
      awaitRows(pipeline, "fact_events", 3);
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(90))
          .ignoreExceptions()
          .untilAsserted(() -> assertThat(pipeline.count("mv_daily_active_users")).isPositive());
    } finally {
      pipeline.requestStop();
      run.join(60_000);
    }
    String stillAt = java.util.Arrays.toString(run.getStackTrace());
    if (run.isAlive()) {
      // Queries left running would fail every test after this one on the shared session.
      for (var query : pipeline.store().spark().streams().active()) {
        query.stop();
      }
    }
    assertThat(run.isAlive()).as("stopped between micro-batches; still at %s", stillAt).isFalse();
    assertThat(pipeline.count("dim_user")).as("u1 free then pro, u2 pro").isEqualTo(3);
    // The flows ran side by side: facts may have been written before dim_user knew the user, or
    // before its MERGE started u1's pro version.
    pipeline.assertEveryFactKeyedToItsVersion(3);
  }

  // Generous: on two loaded cores, four streams start one after another with view refreshes
  // between them, and a fresh clone's CI run showed two minutes can be too short.
  private static void awaitRows(PipelineHarness pipeline, String table, long rows) {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(300))
        .pollInterval(java.time.Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> pipeline.store().exists(table) && pipeline.count(table) == rows);
  }
}
