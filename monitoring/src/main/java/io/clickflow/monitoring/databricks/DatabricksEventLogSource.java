package io.clickflow.monitoring.databricks;

import io.clickflow.contract.EventLog;
import io.clickflow.monitoring.EventLogReadException;
import io.clickflow.monitoring.EventLogSource;
import io.clickflow.monitoring.FlowProgress;
import io.clickflow.monitoring.databricks.SqlWarehouse.Parameter;
import io.clickflow.monitoring.databricks.SqlWarehouse.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the event log table {@code <catalog>.<schema>.event_log} on a SQL warehouse.
 *
 * <p>Reads are incremental, like the Delta Kernel reader's, but keyed by commit time instead of
 * data file, since a warehouse does not hand out files. Each read first counts the table's rows,
 * which Delta answers from its metadata: when the count is what the exporter holds, nothing else
 * runs. Otherwise it reads the rows committed after the newest one it holds, less a look-back of
 * {@link #LOOK_BACK}, because the pipeline appends a batch's row only after the batch (in
 * continuous mode, at the next drain of all flows), so a row can land behind a newer one. Rows read
 * again inside the look-back are recognised by value and skipped. New rows form a new group; groups
 * seen before are returned as the same instances.
 *
 * <p>When the counts still disagree after that (rows arrived later than the look-back) or the table
 * shrank (it was replaced), the whole log is read again as one group. A first read, and any read of
 * many rows, goes in pages of {@link #PAGE_ROWS} rows ordered by commit time, which keeps each
 * statement's inline result well below the warehouse's inline limit. A page never ends inside a
 * group of rows with the same commit time: the next page starts at that time.
 *
 * <p>Groups are merged, smallest neighbours first, once there are more than {@code maxGroups}, so
 * that months of refreshes do not leave the exporter summing thousands of small groups.
 */
public final class DatabricksEventLogSource implements EventLogSource {

  /** Longer than the pipeline's longest delay between committing a batch and logging it. */
  static final Duration LOOK_BACK = Duration.ofMinutes(10);

  /** About 10 MB of JSON per statement, under the 25 MiB that INLINE results allow. */
  static final long PAGE_ROWS = 10_000;

  static final int MAX_GROUPS = 64;

  /** Older than any commit; timestamp_micros accepts it. */
  static final Instant BEGINNING = Instant.parse("0001-01-01T00:00:00Z");

  private static final String TABLE = "table";
  private static final String AFTER = "after_micros";
  private static final String FORMAT = "timestamp_format";
  private static final String ROWS_COLUMN = "event_log_rows";
  private static final String ROW_COLUMN = "flow_progress";

  static final String COUNT_SQL =
      "SELECT count(*) AS " + ROWS_COLUMN + " FROM IDENTIFIER(:" + TABLE + ")";

  /**
   * Each row as one JSON object with every column, nulls included, so that the reader finds columns
   * by name and tolerates columns added later, as the Delta Kernel reader does.
   */
  static final String ROWS_SQL =
      "SELECT to_json(struct(*), map('timestampFormat', :"
          + FORMAT
          + ", 'ignoreNullFields', 'false')) AS "
          + ROW_COLUMN
          + " FROM IDENTIFIER(:"
          + TABLE
          + ") WHERE `"
          + EventLog.TIMESTAMP
          + "` > timestamp_micros(:"
          + AFTER
          + ") ORDER BY `"
          + EventLog.TIMESTAMP
          + "`";

  private final SqlWarehouse warehouse;
  private final String location;
  private final int maxGroups;
  private final long pageRows;

  private final List<List<FlowProgress>> groups = new ArrayList<>();
  private long heldRows;
  private Instant newest;

  /** The rows held that committed after {@code newest - LOOK_BACK}: the next read's overlap. */
  private final List<FlowProgress> recent = new ArrayList<>();

  DatabricksEventLogSource(SqlWarehouse warehouse, String location, int maxGroups, long pageRows) {
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
    this.location = Objects.requireNonNull(location, "location");
    if (maxGroups < 2) {
      throw new IllegalArgumentException("maxGroups must be at least 2, got " + maxGroups);
    }
    if (pageRows < 1) {
      throw new IllegalArgumentException("pageRows must be positive, got " + pageRows);
    }
    this.maxGroups = maxGroups;
    this.pageRows = pageRows;
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public synchronized List<List<FlowProgress>> readGroups() throws EventLogReadException {
    long rowsInTable;
    try {
      rowsInTable = countRows();
    } catch (SqlStatementException e) {
      if (e.tableNotFound()) {
        forget();
        return List.of();
      }
      throw new EventLogReadException(location, "count rows: " + e.getMessage(), e);
    }
    if (rowsInTable == heldRows) {
      return List.copyOf(groups);
    }
    if (rowsInTable > heldRows && newest != null) {
      readNewRows();
      if (heldRows >= rowsInTable) {
        return List.copyOf(groups);
      }
    }
    readWholeLog();
    return List.copyOf(groups);
  }

  private long countRows() throws SqlStatementException, EventLogReadException {
    Result result = warehouse.query(COUNT_SQL, List.of(tableParameter()), null);
    int column = result.column(ROWS_COLUMN);
    if (result.rows().size() != 1 || column < 0) {
      throw new EventLogReadException(
          location, "count rows: expected one row with " + ROWS_COLUMN + ", got " + result, null);
    }
    String value = result.rows().get(0).get(column);
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new EventLogReadException(location, "count rows: not a number: " + value, e);
    }
  }

  private void readNewRows() throws EventLogReadException {
    Instant since = newest.minus(LOOK_BACK);
    List<FlowProgress> fetched = readRowsAfter(since);
    Map<FlowProgress, Integer> known = new HashMap<>();
    recent.forEach(row -> known.merge(row, 1, Integer::sum));
    List<FlowProgress> fresh = new ArrayList<>();
    for (FlowProgress row : fetched) {
      // Identical rows can be logged twice; each held copy hides one fetched copy.
      if (known.merge(row, -1, Integer::sum) < 0) {
        fresh.add(row);
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    groups.add(List.copyOf(fresh));
    heldRows += fresh.size();
    remember(fresh);
    mergeSmallGroups();
  }

  private void readWholeLog() throws EventLogReadException {
    List<FlowProgress> all = readRowsAfter(BEGINNING);
    forget();
    if (!all.isEmpty()) {
      groups.add(List.copyOf(all));
      heldRows = all.size();
      remember(all);
    }
  }

  /** Pages through the rows committed after {@code after}, oldest first. */
  private List<FlowProgress> readRowsAfter(Instant after) throws EventLogReadException {
    List<FlowProgress> rows = new ArrayList<>();
    Instant from = after;
    while (true) {
      Result page;
      try {
        page =
            warehouse.query(
                ROWS_SQL,
                List.of(
                    tableParameter(),
                    Parameter.bigint(AFTER, micros(from)),
                    Parameter.string(FORMAT, FlowProgressJson.TIMESTAMP_PATTERN)),
                pageRows);
      } catch (SqlStatementException e) {
        throw new EventLogReadException(
            location, "read rows committed after " + from + ": " + e.getMessage(), e);
      }
      List<FlowProgress> mapped = map(page, from);
      if (!page.truncated()) {
        rows.addAll(mapped);
        return rows;
      }
      if (mapped.isEmpty()) {
        throw new EventLogReadException(
            location, "the warehouse cut the result off before its first row", null);
      }
      // The page may end inside a group of rows with one commit time: keep the rows before that
      // time, and start the next page at it.
      Instant last = mapped.get(mapped.size() - 1).timestamp();
      List<FlowProgress> before =
          mapped.stream().filter(r -> r.timestamp().isBefore(last)).toList();
      if (before.isEmpty()) {
        throw new EventLogReadException(
            location,
            "more than " + pageRows + " rows share the commit time " + last + "; cannot page",
            null);
      }
      rows.addAll(before);
      from = last.minusNanos(1_000);
    }
  }

  private List<FlowProgress> map(Result page, Instant after) throws EventLogReadException {
    int column = page.column(ROW_COLUMN);
    if (column < 0) {
      throw new EventLogReadException(
          location,
          "read rows: the result has no column " + ROW_COLUMN + ": " + page.columns(),
          null);
    }
    List<FlowProgress> rows = new ArrayList<>(page.rows().size());
    for (int i = 0; i < page.rows().size(); i++) {
      String json = page.rows().get(i).get(column);
      try {
        if (json == null) {
          throw new IllegalArgumentException("the row is null");
        }
        rows.add(FlowProgressJson.parse(json));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new EventLogReadException(
            location, "row " + i + " committed after " + after + ": " + e.getMessage(), e);
      }
    }
    return rows;
  }

  private void remember(List<FlowProgress> rows) {
    for (FlowProgress row : rows) {
      if (newest == null || row.timestamp().isAfter(newest)) {
        newest = row.timestamp();
      }
    }
    recent.addAll(rows);
    Instant horizon = newest.minus(LOOK_BACK);
    recent.removeIf(row -> !row.timestamp().isAfter(horizon));
  }

  private void forget() {
    groups.clear();
    recent.clear();
    heldRows = 0;
    newest = null;
  }

  /** Merges the neighbouring pair with the fewest rows until the count is within bounds. */
  private void mergeSmallGroups() {
    while (groups.size() > maxGroups) {
      int best = 0;
      long fewest = Long.MAX_VALUE;
      for (int i = 0; i + 1 < groups.size(); i++) {
        long size = (long) groups.get(i).size() + groups.get(i + 1).size();
        if (size < fewest) {
          fewest = size;
          best = i;
        }
      }
      List<FlowProgress> merged = new ArrayList<>(groups.get(best));
      merged.addAll(groups.get(best + 1));
      groups.set(best, List.copyOf(merged));
      groups.remove(best + 1);
    }
  }

  private static Parameter tableParameter() {
    return Parameter.string(TABLE, quoted(EventLog.TABLE));
  }

  /** An identifier for IDENTIFIER(:name), back-quoted so that any table name stays one name. */
  static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }
}
