package io.clickflow.monitoring.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickflow.monitoring.EventLogReadException;
import io.clickflow.monitoring.FlowProgress;
import io.clickflow.monitoring.databricks.LocalDatabricks.Answer;
import io.clickflow.monitoring.databricks.LocalDatabricks.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the Databricks event log source keeps reads small: one count while nothing changed, only rows
 * after the newest held one (less the look-back) when rows were added, a whole read when the counts
 * disagree, and pages that never split a commit time.
 */
class DatabricksEventLogReadsTest {

  private static final Instant T0 = Instant.parse("2026-11-22T13:00:00Z");
  private static final String LOCATION = "clickflow_test.clickstream.event_log on SQL warehouse";

  private final LocalDatabricks api = LocalDatabricks.start();
  private final WarehouseSchema schema = new WarehouseSchema("clickflow_test", "clickstream");

  @AfterEach
  void stop() {
    api.close();
  }

  private DatabricksEventLogSource source(int maxGroups, long pageRows) {
    api.warehouse(schema);
    SqlWarehouse warehouse =
        new SqlWarehouse(
            api.workspace().statementExecution(),
            "wh-local",
            "clickflow_test",
            "clickstream",
            Clock.systemUTC(),
            duration -> {},
            SqlWarehouse.STATEMENT_TIMEOUT);
    return new DatabricksEventLogSource(warehouse, LOCATION, maxGroups, pageRows);
  }

  private DatabricksEventLogSource source() {
    return source(DatabricksEventLogSource.MAX_GROUPS, DatabricksEventLogSource.PAGE_ROWS);
  }

  private static FlowProgress row(String dataset, Instant committed, long batch) {
    return new FlowProgress(
        committed, "run-1", dataset, batch, 10, 9, 1_000, 0, List.of(), 0, 0, 0, null, null, null,
        false);
  }

  private List<Statement> rowStatements() {
    return api.statements().stream()
        .filter(s -> s.sql().equals(DatabricksEventLogSource.ROWS_SQL))
        .toList();
  }

  private static List<FlowProgress> flatten(List<List<FlowProgress>> groups) {
    return groups.stream().flatMap(List::stream).toList();
  }

  @Test
  void anUnchangedLogCostsOneCountAndNoRows() throws Exception {
    schema.append(List.of(row("bronze_events", T0, 0)));
    DatabricksEventLogSource source = source();
    List<List<FlowProgress>> first = source.readGroups();

    List<List<FlowProgress>> second = source.readGroups();

    assertThat(second).containsExactlyElementsOf(first);
    assertThat(second.get(0)).isSameAs(first.get(0));
    assertThat(api.statements())
        .extracting(Statement::sql)
        .containsExactly(
            DatabricksEventLogSource.COUNT_SQL,
            DatabricksEventLogSource.ROWS_SQL,
            DatabricksEventLogSource.COUNT_SQL);
  }

  @Test
  void newRowsAreAskedForAfterTheNewestHeldRowLessTheLookBack() throws Exception {
    FlowProgress first = row("bronze_events", T0, 0);
    FlowProgress second = row("bronze_events", T0.plusSeconds(60), 1);
    schema.append(List.of(first));
    DatabricksEventLogSource source = source();
    List<List<FlowProgress>> before = source.readGroups();

    schema.append(List.of(second));
    List<List<FlowProgress>> after = source.readGroups();

    assertThat(rowStatements())
        .extracting(s -> Long.parseLong(s.parameter("after_micros")))
        .containsExactly(
            DatabricksEventLogSource.micros(DatabricksEventLogSource.BEGINNING),
            DatabricksEventLogSource.micros(T0.minus(DatabricksEventLogSource.LOOK_BACK)));
    assertThat(after).hasSize(2);
    assertThat(after.get(0)).isSameAs(before.get(0));
    assertThat(after.get(1)).containsExactly(second);
  }

  @Test
  void aRowLoggedBehindANewerOneIsStillSeen() throws Exception {
    schema.append(List.of(row("silver_events", T0, 0)));
    DatabricksEventLogSource source = source();
    source.readGroups();
    // Committed two minutes before the row already read, logged after it.
    FlowProgress late = row("bronze_events", T0.minus(Duration.ofMinutes(2)), 7);

    schema.append(List.of(late));

    assertThat(source.readGroups()).hasSize(2).last().isEqualTo(List.of(late));
    assertThat(rowStatements()).hasSize(2);
  }

  @Test
  void rowsLoggedLaterThanTheLookBackMakeTheWholeLogBeReadAgain() throws Exception {
    FlowProgress recent = row("silver_events", T0, 0);
    FlowProgress old = row("bronze_events", T0.minus(Duration.ofHours(1)), 3);
    schema.append(List.of(recent));
    DatabricksEventLogSource source = source();
    source.readGroups();

    schema.append(List.of(old));
    List<List<FlowProgress>> groups = source.readGroups();

    assertThat(flatten(groups)).containsExactlyInAnyOrder(recent, old);
    assertThat(rowStatements())
        .extracting(s -> s.parameter("after_micros"))
        .last()
        .isEqualTo(
            Long.toString(DatabricksEventLogSource.micros(DatabricksEventLogSource.BEGINNING)));
  }

  @Test
  void identicalRowsLoggedTwiceCountTwice() throws Exception {
    FlowProgress batch = row("bronze_events", T0, 0);
    schema.append(List.of(batch, batch));
    DatabricksEventLogSource source = source();
    assertThat(source.readAll()).containsExactly(batch, batch);

    schema.append(List.of(batch));

    assertThat(source.readAll()).containsExactly(batch, batch, batch);
    assertThat(rowStatements()).as("no whole read was needed").hasSize(2);
  }

  @Test
  void aReplacedTableIsReadAgainWhole() throws Exception {
    schema.append(
        List.of(row("bronze_events", T0, 0), row("bronze_events", T0.plusSeconds(60), 1)));
    DatabricksEventLogSource source = source();
    source.readGroups();
    FlowProgress fresh = row("bronze_events", T0.plusSeconds(120), 0);

    schema.replaceEventLog(List.of(fresh));

    assertThat(source.readGroups()).containsExactly(List.of(fresh));
  }

  @Test
  void aDroppedTableReadsAsEmptyAndARecreatedOneFromScratch() throws Exception {
    schema.append(List.of(row("bronze_events", T0, 0)));
    DatabricksEventLogSource source = source();
    source.readGroups();

    schema.dropEventLog();
    assertThat(source.readGroups()).isEmpty();

    FlowProgress again = row("bronze_events", T0.plusSeconds(60), 0);
    schema.append(List.of(again));
    assertThat(source.readGroups()).containsExactly(List.of(again));
  }

  @Test
  void pagesNeverSplitACommitTime() throws Exception {
    Instant t1 = T0;
    Instant t2 = T0.plusMillis(1);
    Instant t3 = T0.plusMillis(2);
    List<FlowProgress> rows =
        List.of(
            row("a", t1, 0),
            row("a", t2, 1),
            row("b", t2, 1),
            row("a", t3, 2),
            row("b", t3, 2),
            row("c", t3, 2));
    schema.append(rows);

    List<FlowProgress> read = source(DatabricksEventLogSource.MAX_GROUPS, 3).readAll();

    assertThat(read).containsExactlyInAnyOrderElementsOf(rows);
    assertThat(rowStatements())
        .extracting(s -> Long.parseLong(s.parameter("after_micros")))
        .containsExactly(
            DatabricksEventLogSource.micros(DatabricksEventLogSource.BEGINNING),
            DatabricksEventLogSource.micros(t2) - 1,
            DatabricksEventLogSource.micros(t3) - 1);
    assertThat(rowStatements()).allSatisfy(s -> assertThat(s.rowLimit()).hasValue(3));
  }

  @Test
  void morePageRowsAtOneCommitTimeThanAPageHoldsIsAClearError() {
    schema.append(List.of(row("a", T0, 0), row("b", T0, 0), row("c", T0, 0)));

    assertThatThrownBy(() -> source(DatabricksEventLogSource.MAX_GROUPS, 2).readAll())
        .isInstanceOf(EventLogReadException.class)
        .hasMessage(
            "read event log "
                + LOCATION
                + ": more than 2 rows share the commit time "
                + T0
                + "; cannot page");
  }

  @Test
  void smallGroupsAreMergedOnceThereAreTooMany() throws Exception {
    DatabricksEventLogSource source = source(3, DatabricksEventLogSource.PAGE_ROWS);
    List<FlowProgress> appended = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      FlowProgress batch = row("bronze_events", T0.plusSeconds(60L * i), i);
      schema.append(List.of(batch));
      appended.add(batch);
      source.readGroups();
    }

    List<List<FlowProgress>> groups = source.readGroups();

    assertThat(groups).hasSizeLessThanOrEqualTo(3);
    assertThat(flatten(groups)).containsExactlyElementsOf(appended);
  }

  @Test
  void aFailedStatementNamesTheTableAndTheWarehouseAndLeavesTheHeldRows() throws Exception {
    FlowProgress batch = row("bronze_events", T0, 0);
    schema.append(List.of(batch));
    DatabricksEventLogSource source = source();
    source.readGroups();
    api.warehouse(
        statement -> Answer.failed("BAD_REQUEST", "[INSUFFICIENT_PERMISSIONS] no SELECT", "42501"));

    assertThatThrownBy(source::readGroups)
        .isInstanceOf(EventLogReadException.class)
        .hasMessage(
            "read event log "
                + LOCATION
                + ": count rows: statement stmt-3 FAILED: BAD_REQUEST:"
                + " [INSUFFICIENT_PERMISSIONS] no SELECT (SQLSTATE 42501)");

    api.warehouse(schema);
    assertThat(source.readAll()).containsExactly(batch);
  }

  @Test
  void aMalformedRowNamesItsPlace() {
    api.warehouse(
        statement ->
            statement.sql().equals(DatabricksEventLogSource.COUNT_SQL)
                ? Answer.rows(List.of("event_log_rows"), List.of(List.of("1")))
                : Answer.rows(List.of("flow_progress"), List.of(List.of("{\"timestamp\":1}"))));
    SqlWarehouse warehouse =
        new SqlWarehouse(
            api.workspace().statementExecution(),
            "wh-local",
            "clickflow_test",
            "clickstream",
            Clock.systemUTC(),
            duration -> {},
            SqlWarehouse.STATEMENT_TIMEOUT);

    assertThatThrownBy(() -> new DatabricksEventLogSource(warehouse, LOCATION, 4, 10).readAll())
        .isInstanceOf(EventLogReadException.class)
        .hasMessageStartingWith(
            "read event log "
                + LOCATION
                + ": row 0 committed after 0001-01-01T00:00:00Z: missing column(s) run_id");
  }

  @Test
  void microsKeepsTheWholeRange() {
    assertThat(DatabricksEventLogSource.micros(Instant.parse("1970-01-01T00:00:00.000001Z")))
        .isEqualTo(1);
    assertThat(DatabricksEventLogSource.micros(DatabricksEventLogSource.BEGINNING))
        .isEqualTo(-62_135_596_800_000_000L);
    assertThat(Stream.of(T0, T0.plusNanos(999)).map(DatabricksEventLogSource::micros))
        .as("sub-microsecond digits are dropped, as Delta keeps microseconds")
        .containsOnly(DatabricksEventLogSource.micros(T0));
  }
}
