package io.clickflow.pipeline.runtime;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.clickflow.contract.EventLog;
import io.clickflow.contract.LakehouseLayout;
import io.clickflow.pipeline.LandingFixture;
import io.clickflow.pipeline.SharedSpark;
import io.clickflow.pipeline.bronze.BronzeEvents;
import io.clickflow.pipeline.graph.DatasetGraph.TagMode;
import io.clickflow.pipeline.graph.DatasetKind;
import io.clickflow.pipeline.graph.DatasetSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Materialized views refresh side by side once their inputs are done; one that fails ends the run
 * naming it, with a FAILED event log row, while views that do not read it still refresh. A view
 * whose input's change feed cannot serve it is recomputed instead. A view of members merges those
 * its input's appends bring or change, and is recomputed when a row was deleted.
 */
class ViewRefreshRunTest {

  @TempDir Path dir;

  private record View(String name, Set<String> reads, Function<TableStore, Dataset<Row>> query)
      implements MaterializedViewDefinition {

    @Override
    public DatasetSpec spec() {
      return viewSpec(name, reads);
    }

    @Override
    public Dataset<Row> query(PipelineContext ctx) {
      return query.apply(ctx.store());
    }
  }

  /** Where refreshes whose notes a test does not read print them. */
  private static final PrintStream QUIET =
      new PrintStream(java.io.OutputStream.nullOutputStream(), true);

  private TableStore lake() {
    return new DeltaPathTableStore(
        SharedSpark.session(), new LakehouseLayout(dir.resolve("lake").toString()));
  }

  /** Appends rows to a plain table as its next batch. */
  private static void appendNext(TableStore store, String table, Dataset<Row> rows) {
    store.append(rows, table, "test", store.exists(table) ? store.version(table) + 1 : 0, false);
  }

  private static void keepChangeFeed(TableStore store, String table) {
    store
        .spark()
        .sql(
            "ALTER TABLE %s SET TBLPROPERTIES ('%s' = 'true')"
                .formatted(store.sqlName(table), ViewRefresh.CHANGE_FEED));
  }

  private static DatasetSpec viewSpec(String name, Set<String> reads) {
    return new DatasetSpec(
        name, DatasetKind.MATERIALIZED_VIEW, "gold", Set.of("mv"), reads, List.of(), "", Map.of());
  }

  @Test
  void aFailingViewEndsTheRunNamingItWhileTheOthersRefresh() {
    new LandingFixture(dir.resolve("landing"))
        .add(
            LandingFixture.event(
                "u1", "page_view", Instant.parse("2026-11-22T10:00:00Z"), "free", "DE"))
        .add(
            LandingFixture.event(
                "u2", "purchase", Instant.parse("2026-11-22T10:01:00Z"), "pro", "FR"))
        .publish();
    TableStore store = lake();
    List<DatasetDefinition> definitions =
        List.of(
            new BronzeEvents(),
            new View(
                "mv_broken",
                Set.of(BronzeEvents.NAME),
                s -> s.read(BronzeEvents.NAME).selectExpr("no_such_column")),
            new View(
                "mv_types",
                Set.of(BronzeEvents.NAME),
                s -> s.read(BronzeEvents.NAME).groupBy("event_type").count()),
            new View("mv_after_broken", Set.of("mv_broken"), s -> s.read("mv_broken")),
            new View("mv_after_types", Set.of("mv_types"), s -> s.read("mv_types")));
    PipelineRunner runner = LocalRunner.of(dir, store, definitions);

    assertThatThrownBy(
            () ->
                runner.run(
                    new RunOptions(
                        "r1", Set.of(), TagMode.ANY, Set.of(), false, Duration.ofSeconds(1))))
        .isInstanceOf(FlowFailedException.class)
        .hasMessageContaining("flow mv_broken failed")
        .hasMessageContaining("no_such_column");

    assertThat(store.read("mv_after_types").count()).isEqualTo(2);
    assertThat(store.exists("mv_broken")).isFalse();
    assertThat(store.exists("mv_after_broken")).isFalse();
    assertThat(
            store.read(EventLog.TABLE).collectAsList().stream()
                .map(
                    r -> r.<String>getAs(EventLog.DATASET) + ":" + r.<String>getAs(EventLog.STATUS))
                .toList())
        .containsExactlyInAnyOrder(
            "bronze_events:COMPLETED",
            "mv_broken:FAILED",
            "mv_types:COMPLETED",
            "mv_after_types:COMPLETED");
  }

  @Test
  void aViewFallsBackToAFullRecomputeWhenTheChangeFeedCannotServeIt() {
    var spark = SharedSpark.session();
    TableStore store = lake();
    PipelineContext ctx = LocalRunner.context(dir, store);
    InputView view = dailyCounts();
    java.io.ByteArrayOutputStream notes = new java.io.ByteArrayOutputStream();
    PrintStream out = new PrintStream(notes, true);
    java.util.function.Consumer<String> add =
        days ->
            appendNext(
                store,
                "days",
                spark.sql(
                    "SELECT DATE'"
                        + days.replace(",", "' AS day UNION ALL SELECT DATE'")
                        + "' AS day"));

    add.accept("2026-11-01,2026-11-02");
    assertThat(ViewRefresh.refresh(ctx, view, out).mode()).isEqualTo(ViewRefresh.Mode.FULL);
    add.accept("2026-11-02");
    assertThat(ViewRefresh.refresh(ctx, view, out).mode())
        .as("no change feed on the input")
        .isEqualTo(ViewRefresh.Mode.FULL);
    add.accept("2026-11-01"); // the view has not seen this version, which has no feed

    keepChangeFeed(store, "days");
    add.accept("2026-11-03");
    assertThat(ViewRefresh.refresh(ctx, view, out).mode())
        .as("the feed starts after the version the view reflects")
        .isEqualTo(ViewRefresh.Mode.FULL);
    assertThat(notes.toString()).contains("mv_daily: no incremental refresh");

    add.accept("2026-11-02,2026-11-02");
    ViewRefresh.Refreshed incremental = ViewRefresh.refresh(ctx, view, out);
    assertThat(incremental.mode()).isEqualTo(ViewRefresh.Mode.INCREMENTAL);
    assertThat(incremental.rows()).as("the touched day's row").isEqualTo(1);
    assertThat(
            store.read("mv_daily").orderBy("day").collectAsList().stream()
                .map(r -> r.get(0) + "=" + r.getLong(1))
                .toList())
        .containsExactly("2026-11-01=2", "2026-11-02=4", "2026-11-03=1");
    assertThat(ViewRefresh.refresh(ctx, view, out).mode()).isEqualTo(ViewRefresh.Mode.UNCHANGED);
  }

  /**
   * A view's mark names the view's commit it was written after, and its input's. A view written
   * since (here a row deleted by hand, as a crash between a write and its mark would leave a write
   * unmarked), or an input made again, is recomputed in full rather than patched or left as it is.
   */
  @Test
  void aViewCommittedToSinceItsMarkIsRecomputedNotPatched() throws java.io.IOException {
    TableStore store = lake();
    PipelineContext ctx = LocalRunner.context(dir, store);
    InputView view = dailyCounts();
    var add = appender(store, "days", "day");
    add.accept("(DATE'2026-11-01'), (DATE'2026-11-02')");
    keepChangeFeed(store, "days");
    var rows = rowsOf(store, "mv_daily");

    assertThat(ViewRefresh.refresh(ctx, view, QUIET).mode()).isEqualTo(ViewRefresh.Mode.FULL);
    String mark = ViewRefresh.markFile(store, "mv_daily");
    assertThat(ViewRefresh.Mark.parse(java.nio.file.Files.readString(Path.of(mark))))
        .hasValueSatisfying(
            m -> {
              assertThat(m.inputVersion()).isEqualTo(store.version("days"));
              assertThat(m.inputCommit())
                  .isEqualTo(store.commitName("days", m.inputVersion()))
                  .startsWith(m.inputVersion() + "@");
              assertThat(m.view()).isEqualTo(store.latestCommit("mv_daily"));
            });
    add.accept("(DATE'2026-11-02')");
    assertThat(ViewRefresh.refresh(ctx, view, QUIET).mode())
        .isEqualTo(ViewRefresh.Mode.INCREMENTAL);
    assertThat(rows.get()).containsExactly("2026-11-01=1", "2026-11-02=2");

    store.spark().sql("DELETE FROM " + store.sqlName("mv_daily") + " WHERE day = '2026-11-01'");
    add.accept("(DATE'2026-11-02')");
    assertThat(ViewRefresh.refresh(ctx, view, QUIET).mode())
        .as("the view was committed to after its mark")
        .isEqualTo(ViewRefresh.Mode.FULL);
    assertThat(rows.get()).containsExactly("2026-11-01=1", "2026-11-02=3");

    CheckpointFiles.of(store.spark()).replace(mark, "not a mark\n");
    assertThat(ViewRefresh.refresh(ctx, view, QUIET).mode())
        .as("a line that is not a mark")
        .isEqualTo(ViewRefresh.Mode.FULL);

    java.nio.file.Files.writeString(Path.of(mark), "edited by hand\n"); // its checksum is stale
    java.io.ByteArrayOutputStream notes = new java.io.ByteArrayOutputStream();
    assertThat(ViewRefresh.refresh(ctx, view, new PrintStream(notes, true)).mode())
        .as("a mark that cannot be read")
        .isEqualTo(ViewRefresh.Mode.FULL);
    assertThat(notes.toString()).startsWith("mv_daily: its mark could not be read");
    assertThat(ViewRefresh.refresh(ctx, view, QUIET).mode()).isEqualTo(ViewRefresh.Mode.UNCHANGED);

    long reflected = store.version("days");
    store.reset("days", "days");
    while (!store.exists("days") || store.version("days") < reflected) {
      add.accept("(DATE'2026-12-01')");
    }
    assertThat(ViewRefresh.refresh(ctx, view, QUIET).mode())
        .as("an input made again, up to the version the view reflects")
        .isEqualTo(ViewRefresh.Mode.FULL);
    assertThat(rows.get()).containsExactly("2026-12-01=" + store.read("days").count());
  }

  /**
   * Interrupting a refresh stops it (the tests stop a continuous run's thread so): an interrupt in
   * the middle of an incremental refresh is no failure to recover from by recomputing in full,
   * which would swallow it. Here the view's key function interrupts, so that the next Spark job is
   * interrupted.
   */
  @Test
  void anInterruptedIncrementalRefreshStopsInsteadOfRecomputing() {
    TableStore store = lake();
    PipelineContext ctx = LocalRunner.context(dir, store);
    InputView view =
        new InputView(
            "mv_daily",
            "days",
            rows -> rows.groupBy("day").count(),
            IncrementalRefresh.byGroup(
                "days",
                changed -> {
                  Thread.currentThread().interrupt();
                  return changed.select("day");
                }));
    var add = appender(store, "days", "day");
    add.accept("(DATE'2026-11-01')");
    keepChangeFeed(store, "days");
    assertThat(ViewRefresh.refresh(ctx, view, QUIET).mode()).isEqualTo(ViewRefresh.Mode.FULL);
    add.accept("(DATE'2026-11-02')");
    long before = store.version("mv_daily");

    try {
      Throwable thrown = catchThrowable(() -> ViewRefresh.refresh(ctx, view, QUIET));
      assertThat(Thread.interrupted()).as("still interrupted").isTrue();
      assertThat(PipelineRunner.interruption(thrown)).as("thrown for the interrupt").isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(store.version("mv_daily")).as("nothing written").isEqualTo(before);
  }

  /** {@code mv_daily}: the rows of {@code days} counted per day, refreshed by day. */
  private static InputView dailyCounts() {
    return new InputView(
        "mv_daily",
        "days",
        rows -> rows.groupBy("day").count(),
        IncrementalRefresh.byGroup("days", changed -> changed.select("day")));
  }

  /**
   * A view over one plain input table, computed from its rows; refreshed as {@code refresh} says,
   * or in full when it is null.
   */
  private record InputView(
      String name,
      String input,
      Function<Dataset<Row>, Dataset<Row>> rowsOf,
      IncrementalRefresh refresh)
      implements MaterializedViewDefinition {

    @Override
    public DatasetSpec spec() {
      return viewSpec(name, Set.of(input));
    }

    @Override
    public Dataset<Row> query(PipelineContext ctx) {
      return rowsOf.apply(ctx.store().read(input));
    }

    @Override
    public java.util.Optional<IncrementalRefresh> incremental() {
      return java.util.Optional.ofNullable(refresh);
    }

    /**
     * {@code mv_visits} over {@code clicks}, by session, read from where the touched sessions
     * start: {@code visits} gives each session's earliest click {@code at} as {@code start}.
     */
    static InputView visits(Function<Dataset<Row>, Dataset<Row>> visits) {
      return new InputView(
          "mv_visits",
          "clicks",
          visits,
          IncrementalRefresh.byRow("clicks", changed -> changed.select("session"))
              .since("at", "start", visits));
    }

    /** Refreshed by member, named by {@code key}. */
    static InputView members(
        String name, String input, Function<Dataset<Row>, Dataset<Row>> rowsOf, String key) {
      return new InputView(name, input, rowsOf, IncrementalRefresh.byMembers(input, rowsOf, key));
    }
  }

  /** Appends {@code VALUES} text with these column names to a plain table as its next batch. */
  private static java.util.function.Consumer<String> appender(
      TableStore store, String table, String columns) {
    return values ->
        appendNext(
            store,
            table,
            store.spark().sql("SELECT * FROM VALUES " + values + " AS v(" + columns + ")"));
  }

  /** A view's rows as text, ordered by its first column. */
  private static java.util.function.Supplier<List<String>> rowsOf(TableStore store, String view) {
    return () ->
        store.read(view).orderBy(store.read(view).columns()[0]).collectAsList().stream()
            .map(r -> r.mkString("="))
            .toList();
  }

  @Test
  void aMembersViewAddsTheMembersTheAppendsBringAndRecomputesAfterADelete() {
    TableStore store = lake();
    PipelineContext ctx = LocalRunner.context(dir, store);
    InputView view =
        InputView.members(
            "dim_colour", "paint", rows -> rows.select("colour").distinct(), "colour");
    PrintStream out = QUIET;
    java.util.function.Consumer<String> add = appender(store, "paint", "colour, seen");
    java.util.function.Supplier<List<String>> stored = rowsOf(store, "dim_colour");

    add.accept("('red', 1), ('blue', 2)");
    keepChangeFeed(store, "paint");
    assertThat(ViewRefresh.refresh(ctx, view, out).mode()).isEqualTo(ViewRefresh.Mode.FULL);

    add.accept("('red', 5), ('green', 3), ('green', 4)"); // one colour new
    long before = store.version("dim_colour");
    assertThat(ViewRefresh.refresh(ctx, view, out).mode()).isEqualTo(ViewRefresh.Mode.INCREMENTAL);
    assertThat(stored.get()).containsExactly("blue", "green", "red");
    assertThat(store.version("dim_colour")).as("one MERGE").isEqualTo(before + 1);

    add.accept("('green', 2)"); // brings nothing: only the mark is written
    before = store.version("dim_colour");
    assertThat(ViewRefresh.refresh(ctx, view, out).mode()).isEqualTo(ViewRefresh.Mode.INCREMENTAL);
    assertThat(store.version("dim_colour")).isEqualTo(before);
    assertThat(stored.get()).containsExactly("blue", "green", "red");

    store.spark().sql("DELETE FROM " + store.sqlName("paint") + " WHERE colour = 'green'");
    assertThat(ViewRefresh.refresh(ctx, view, out).mode())
        .as("a delete may take a member away")
        .isEqualTo(ViewRefresh.Mode.FULL);
    assertThat(stored.get()).containsExactly("blue", "red");
  }

  @Test
  void aMemberIsRecomputedOnlyWhenTheAppendsBringItAnotherRow() {
    TableStore store = lake();
    PipelineContext ctx = LocalRunner.context(dir, store);
    InputView view =
        InputView.members(
            "dim_shade",
            "swatches",
            rows ->
                rows.groupBy("colour")
                    .agg(org.apache.spark.sql.functions.expr("max_by(shade, seen)").as("shade")),
            "colour");
    PrintStream out = QUIET;
    java.util.function.Consumer<String> add = appender(store, "swatches", "colour, shade, seen");
    java.util.function.Supplier<List<String>> stored = rowsOf(store, "dim_shade");

    add.accept("('red', 'dark', 1), ('blue', 'pale', 2), (CAST(NULL AS STRING), 'white', 0)");
    keepChangeFeed(store, "swatches");
    assertThat(ViewRefresh.refresh(ctx, view, out).mode()).isEqualTo(ViewRefresh.Mode.FULL);

    // a later shade, a new colour, and a later shade of no colour (a member matched null-safe)
    add.accept("('red', 'light', 5), ('green', 'mid', 4), (NULL, 'grey', 7)");
    long before = store.version("dim_shade");
    assertThat(ViewRefresh.refresh(ctx, view, out).mode()).isEqualTo(ViewRefresh.Mode.INCREMENTAL);
    assertThat(stored.get()).containsExactly("null=grey", "blue=pale", "green=mid", "red=light");
    assertThat(store.version("dim_shade")).as("one MERGE").isEqualTo(before + 1);

    // an older shade, the same shades again
    add.accept("('red', 'deep', 3), ('blue', 'pale', 6), (NULL, 'grey', 8)");
    before = store.version("dim_shade");
    assertThat(ViewRefresh.refresh(ctx, view, out).mode()).isEqualTo(ViewRefresh.Mode.INCREMENTAL);
    assertThat(store.version("dim_shade")).as("no commit").isEqualTo(before);
    assertThat(stored.get()).containsExactly("null=grey", "blue=pale", "green=mid", "red=light");
  }

  @Test
  void aRowViewReadsFromWhereItsTouchedKeysStartAndMissesNoneOfTheirRows() {
    TableStore store = lake();
    PipelineContext ctx = LocalRunner.context(dir, store);
    // Visits by session, starting at the session's earliest click.
    Function<Dataset<Row>, Dataset<Row>> visits =
        rows ->
            rows.groupBy("session")
                .agg(min("at").as("start"), count(lit(1)).as("clicks"), sum("n").as("n"));
    InputView view = InputView.visits(visits);
    PrintStream out = QUIET;
    java.util.function.Consumer<String> add = appender(store, "clicks", "session, at, n");
    java.util.function.Supplier<List<String>> stored = rowsOf(store, "mv_visits");

    add.accept(
        "('a', TIMESTAMP'2026-11-01 10:00:00', 1), ('a', TIMESTAMP'2026-11-01 10:20:00', 2),"
            + " ('a', CAST(NULL AS TIMESTAMP), 4), ('b', TIMESTAMP'2026-11-01 11:00:00', 8)");
    keepChangeFeed(store, "clicks");
    assertThat(ViewRefresh.refresh(ctx, view, out).mode()).isEqualTo(ViewRefresh.Mode.FULL);

    // A later click extends a: its earlier clicks, and its click with no time, are still counted.
    add.accept("('a', TIMESTAMP'2026-11-01 12:00:00', 16)");
    ViewRefresh.Refreshed later = ViewRefresh.refresh(ctx, view, out);
    assertThat(later.mode()).isEqualTo(ViewRefresh.Mode.INCREMENTAL);
    assertThat(later.rows()).as("one touched session").isEqualTo(1);
    assertThat(stored.get())
        .containsExactly("a=2026-11-01 10:00:00.0=4=23", "b=2026-11-01 11:00:00.0=1=8");

    // A new session before every other, and an earlier click of b.
    add.accept(
        "('c', TIMESTAMP'2026-11-01 09:00:00', 32), ('b', TIMESTAMP'2026-11-01 10:50:00', 64)");
    assertThat(ViewRefresh.refresh(ctx, view, out).mode()).isEqualTo(ViewRefresh.Mode.INCREMENTAL);
    // A click of a moved to b, in place: b gets its earlier time, a keeps the rest.
    store.spark().sql("UPDATE %s SET session = 'b' WHERE n = 1".formatted(store.sqlName("clicks")));
    assertThat(ViewRefresh.refresh(ctx, view, out).mode()).isEqualTo(ViewRefresh.Mode.INCREMENTAL);
    assertThat(stored.get())
        .containsExactly(
            "a=2026-11-01 10:20:00.0=3=22",
            "b=2026-11-01 10:00:00.0=3=73",
            "c=2026-11-01 09:00:00.0=1=32");
    // A session whose clicks are all deleted goes.
    store.spark().sql("DELETE FROM " + store.sqlName("clicks") + " WHERE session = 'a'");
    assertThat(ViewRefresh.refresh(ctx, view, out).mode()).isEqualTo(ViewRefresh.Mode.INCREMENTAL);
    assertThat(stored.get())
        .containsExactly("b=2026-11-01 10:00:00.0=3=73", "c=2026-11-01 09:00:00.0=1=32");
    Dataset<Row> recomputed = visits.apply(store.read("clicks"));
    assertThat(ViewRefresh.sameRows(recomputed, store.read("mv_visits")))
        .as("the same rows as a full recompute")
        .isTrue();

    // A commit that changes no rows (files compacted) touches no session: nothing is merged.
    long inputBefore = store.version("clicks");
    TableStore.Commit viewBefore = store.latestCommit("mv_visits");
    store.spark().sql("OPTIMIZE " + store.sqlName("clicks"));
    assertThat(store.version("clicks")).as("a commit without rows").isGreaterThan(inputBefore);
    ViewRefresh.Refreshed unchanged = ViewRefresh.refresh(ctx, view, out);
    assertThat(unchanged.mode()).isEqualTo(ViewRefresh.Mode.INCREMENTAL);
    assertThat(unchanged.rows()).isZero();
    assertThat(store.latestCommit("mv_visits")).as("no MERGE commit").isEqualTo(viewBefore);
  }

  @Test
  void aRowViewsMergeBoundByItsTouchedKeysStartStillFindsTheirStoredRows() {
    TableStore store = lake();
    PipelineContext ctx = LocalRunner.context(dir, store);
    InputView view =
        InputView.visits(
            rows -> rows.groupBy("session").agg(min("at").as("start"), count(lit(1)).as("clicks")));
    java.util.function.Consumer<String> add = appender(store, "clicks", "session, at");
    add.accept("('a', TIMESTAMP'2026-11-01 10:00:00'), ('b', TIMESTAMP'2026-11-01 11:00:00')");
    keepChangeFeed(store, "clicks");
    assertThat(ViewRefresh.refresh(ctx, view, QUIET).mode()).isEqualTo(ViewRefresh.Mode.FULL);
    add.accept("('c', TIMESTAMP'2026-11-01 12:00:00')");
    assertThat(ViewRefresh.refresh(ctx, view, QUIET).mode())
        .isEqualTo(ViewRefresh.Mode.INCREMENTAL);

    // c again, later: the merge reads the view from c's stored start (12:00), not from the new
    // click's time, so c's row is updated rather than stored twice. The full refresh's files end
    // at 11:00, and Delta skips them.
    add.accept("('c', TIMESTAMP'2026-11-01 12:30:00')");
    assertThat(ViewRefresh.refresh(ctx, view, QUIET).mode())
        .isEqualTo(ViewRefresh.Mode.INCREMENTAL);
    assertThat(rowsOf(store, "mv_visits").get())
        .containsExactly(
            "a=2026-11-01 10:00:00.0=1", "b=2026-11-01 11:00:00.0=1", "c=2026-11-01 12:00:00.0=2");
  }

  @Test
  void aStartBoundIsSqlThatMeansTheSameInEveryTimeZone() {
    assertThat(
            ViewRefresh.fromStart(
                "t.`start`",
                java.sql.Timestamp.from(java.time.Instant.parse("2026-11-01T10:00:00.123456Z"))))
        .isEqualTo("(t.`start` >= timestamp_micros(1793527200123456) OR t.`start` IS NULL)");
    assertThat(ViewRefresh.fromStart("`at`", null)).isEqualTo("`at` IS NULL");
    assertThat(ViewRefresh.fromStart("d", java.time.LocalDate.parse("2026-11-01")))
        .isEqualTo("(d >= DATE'2026-11-01' OR d IS NULL)");
  }

  @Test
  void aFullViewThatComesOutAsStoredRecordsItsInputVersionOnly() {
    var spark = SharedSpark.session();
    TableStore store = lake();
    PipelineContext ctx = LocalRunner.context(dir, store);
    // The distinct days, recomputed in full.
    InputView view =
        new InputView("dim_day", "visits", rows -> rows.select("day").distinct(), null);
    PrintStream out = QUIET;
    java.util.function.Consumer<String> add =
        day -> appendNext(store, "visits", spark.sql("SELECT DATE'" + day + "' AS day"));

    add.accept("2026-11-01");
    assertThat(ViewRefresh.refresh(ctx, view, out).mode()).isEqualTo(ViewRefresh.Mode.FULL);
    add.accept("2026-11-01");
    long before = store.version("dim_day");
    ViewRefresh.Refreshed same = ViewRefresh.refresh(ctx, view, out);
    assertThat(same.mode()).isEqualTo(ViewRefresh.Mode.SAME_ROWS);
    assertThat(same.rows()).isEqualTo(1);
    assertThat(store.version("dim_day")).as("no commit").isEqualTo(before);
    assertThat(ViewRefresh.refresh(ctx, view, out).mode())
        .as("nothing new since")
        .isEqualTo(ViewRefresh.Mode.UNCHANGED);

    add.accept("2026-11-02");
    assertThat(ViewRefresh.refresh(ctx, view, out).mode()).isEqualTo(ViewRefresh.Mode.FULL);
    assertThat(store.read("dim_day").count()).isEqualTo(2);
  }

  @Test
  void aSpanViewWritesNothingForKeysItHoldsAndIsRecomputedForOthers() {
    var spark = SharedSpark.session();
    TableStore store = lake();
    PipelineContext ctx = LocalRunner.context(dir, store);
    // Every day from the first visit to the last.
    Function<Dataset<Row>, Dataset<Row>> calendar =
        rows ->
            rows.agg(
                    org.apache.spark.sql.functions.min("day").as("first"),
                    org.apache.spark.sql.functions.max("day").as("last"))
                .select(
                    org.apache
                        .spark
                        .sql
                        .functions
                        .expr("explode(sequence(first, last, INTERVAL 1 DAY))")
                        .as("day"));
    InputView view =
        new InputView(
            "dim_calendar",
            "visits",
            calendar,
            IncrementalRefresh.bySpan("visits", changed -> changed.select("day"), "day"));
    PrintStream out = QUIET;
    java.util.function.Consumer<String> add =
        days ->
            appendNext(store, "visits", spark.sql("SELECT * FROM VALUES " + days + " AS v(day)"));
    java.util.function.Supplier<List<String>> stored = rowsOf(store, "dim_calendar");

    add.accept("DATE'2026-11-01', DATE'2026-11-03'");
    keepChangeFeed(store, "visits");
    assertThat(ViewRefresh.refresh(ctx, view, out).mode()).isEqualTo(ViewRefresh.Mode.FULL);
    assertThat(stored.get()).containsExactly("2026-11-01", "2026-11-02", "2026-11-03");

    add.accept("DATE'2026-11-02', DATE'2026-11-03'"); // days it holds
    long before = store.version("dim_calendar");
    ViewRefresh.Refreshed held = ViewRefresh.refresh(ctx, view, out);
    assertThat(held.mode()).isEqualTo(ViewRefresh.Mode.INCREMENTAL);
    assertThat(held.rows()).isZero();
    assertThat(store.version("dim_calendar")).as("no commit").isEqualTo(before);
    assertThat(ViewRefresh.refresh(ctx, view, out).mode())
        .as("the input version it reflects was recorded")
        .isEqualTo(ViewRefresh.Mode.UNCHANGED);

    add.accept("DATE'2026-11-02', DATE'2026-11-06'"); // a day past the last: the gap is filled too
    assertThat(ViewRefresh.refresh(ctx, view, out).mode()).isEqualTo(ViewRefresh.Mode.FULL);
    assertThat(stored.get())
        .containsExactly(
            "2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06");

    add.accept("DATE'2026-10-30'"); // a day before the first
    assertThat(ViewRefresh.refresh(ctx, view, out).mode()).isEqualTo(ViewRefresh.Mode.FULL);
    assertThat(stored.get()).hasSize(8).startsWith("2026-10-30", "2026-10-31", "2026-11-01");

    spark.sql("UPDATE " + store.sqlName("visits") + " SET day = day WHERE day = DATE'2026-11-02'");
    assertThat(ViewRefresh.refresh(ctx, view, out).mode())
        .as("an update may move a day: recomputed, and found the same")
        .isEqualTo(ViewRefresh.Mode.SAME_ROWS);

    spark.sql("DELETE FROM " + store.sqlName("visits") + " WHERE day = DATE'2026-11-06'");
    assertThat(ViewRefresh.refresh(ctx, view, out).mode())
        .as("a delete may shorten the span")
        .isEqualTo(ViewRefresh.Mode.FULL);
    assertThat(stored.get())
        .containsExactly("2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02", "2026-11-03");
  }
}
