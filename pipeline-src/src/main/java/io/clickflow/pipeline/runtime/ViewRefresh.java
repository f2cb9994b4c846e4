package io.clickflow.pipeline.runtime;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;

import io.clickflow.pipeline.runtime.IncrementalRefresh.Granularity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A materialized view's refresh: none when its one input has not changed since the version it was
 * last refreshed from; otherwise in full, or, for a view that says how, only for the keys its
 * input's changes since that version touch.
 *
 * <p>After each refresh the view records that version in a mark file in its checkpoint folder
 * ({@value #MARK}), with the store's name for that commit of the input (see {@link
 * TableStore#commitName}: an input made again is noticed), a fingerprint of the view's columns and
 * session time zone (a view computed differently is recomputed), and the view's own latest commit.
 * A view committed to since its mark (by a full refresh, by a crash between its write and its mark,
 * by a writer outside the pipeline) no longer matches it and is recomputed in full. Two runs on one
 * lakehouse at once are not supported: their streaming checkpoints clash, and a view's mark could
 * name the other run's commit ({@code pipeline run} holds a local lakehouse with a {@link
 * RunLock}). A change of a view's logic that keeps its columns needs {@code --full-refresh <view>}.
 *
 * <p>The mark is a file, not a table property, because setting a property is a Delta commit of its
 * own: one more commit per view per refresh, and one more snapshot for the next read to rebuild.
 * Together they took about a fifth of the views' time in a run over a small increment.
 *
 * <p>A view that can only be recomputed in full is compared with what it holds first, and its data
 * is not written when the rows are the same: a small dimension's commit costs more than its rows.
 */
public final class ViewRefresh {

  /** The mark file in a view's checkpoint folder: what the view reflects, as {@link Mark}. */
  public static final String MARK = "refreshed_from";

  /** Input table property that keeps Delta's change data feed. */
  public static final String CHANGE_FEED = "delta.enableChangeDataFeed";

  private static final String PRESENT = "_clickflow_present";

  /** The change data feed's column saying whether a row was inserted, updated or deleted. */
  private static final String CHANGE_TYPE = "_change_type";

  /** Names the question whether an input's changes are all inserts, for {@link ViewInputs}. */
  private static final String INSERTS_ONLY = "inserts only";

  /** How a refresh went. */
  public enum Mode {
    FULL,
    INCREMENTAL,
    /** The input has not changed since the last refresh: nothing was written. */
    UNCHANGED,
    /**
     * The input changed, but the view recomputed in full came out as the rows it holds: no data was
     * written, only the input version it reflects.
     */
    SAME_ROWS
  }

  /**
   * A refresh's outcome: how it was reached, and the rows it computed: all of the view's in full or
   * when compared as {@link Mode#SAME_ROWS}, the touched keys' rows (and deleted keys) when
   * incremental. Counting those costs nothing much; counting the whole view after an incremental
   * write would rebuild its Delta snapshot each time.
   */
  public record Refreshed(long rows, Mode mode) {}

  private ViewRefresh() {}

  /** Refreshes the view on its own, looking its input up afresh. */
  public static Refreshed refresh(
      PipelineContext ctx, MaterializedViewDefinition view, java.io.PrintStream notes) {
    return refresh(ctx, view, new ViewInputs(ctx.store()), notes);
  }

  /**
   * Refreshes the view, its input as {@code inputs} saw it in this round; a note goes to {@code
   * notes} when it falls back to a full recompute.
   */
  public static Refreshed refresh(
      PipelineContext ctx,
      MaterializedViewDefinition view,
      ViewInputs inputs,
      java.io.PrintStream notes) {
    TableStore store = ctx.store();
    String name = view.spec().name();
    if (view.spec().reads().size() != 1) {
      return new Refreshed(overwrite(store, view.query(ctx), name), Mode.FULL);
    }
    String input = view.spec().reads().iterator().next();
    Dataset<Row> rows = view.query(ctx);
    ViewInputs.Input seen = inputs.of(input);
    // What the view's rows were computed as: a view whose columns or day boundaries changed is
    // recomputed, not patched.
    String fingerprint = fingerprint(rows, ctx.spark());
    long now = seen.version();
    Optional<Long> last = refreshedFrom(store, inputs, name, input, fingerprint, notes);
    if (last.isPresent() && last.get() == now) {
      return new Refreshed(-1, Mode.UNCHANGED);
    }
    Optional<IncrementalRefresh> incremental = view.incremental();
    incremental.ifPresent(
        i -> {
          if (!i.input().equals(input)) {
            throw new IllegalStateException(
                name + " refreshes from " + i.input() + " but reads " + input);
          }
        });
    Refreshed refreshed = null;
    if (incremental.isPresent()
        && last.isPresent()
        && last.get() < now
        // without the change feed on its input the view can only be recomputed
        && seen.changeFeed()) {
      try {
        long from = last.get() + 1;
        Dataset<Row> changes = store.changes(input, from, now);
        refreshed = refreshKeys(ctx, view, rows, incremental.get(), inputs, changes, from, now);
      } catch (Exception e) { // Spark's AnalysisException is checked, thrown unchecked
        if (PipelineRunner.interruption(e)) {
          throw e instanceof RuntimeException failure ? failure : new IllegalStateException(e);
        }
        // The feed may not reach back that far: turned on later, or its versions cleaned up.
        // Nothing was committed (each write is one commit), so recomputing is safe.
        notes.printf(
            "%s: no incremental refresh (%s); recomputing in full%n",
            name, PipelineRunner.firstLine(e.getMessage()));
      }
    }
    if (refreshed == null
        && last.isPresent()
        && incremental.map(i -> i.granularity().fromChangesAlone()).orElse(true)) {
      // A small view recomputed in full (dim_date, or a dimension, falling back from its span or
      // member refresh) often comes out as stored: compare before writing, since a data commit
      // costs more than its few rows. Only the version it now reflects is recorded.
      Dataset<Row> computed = rows.localCheckpoint();
      if (sameRows(computed, store.read(name))) {
        refreshed = new Refreshed(computed.count(), Mode.SAME_ROWS);
      }
      rows = computed;
    }
    if (refreshed == null) {
      refreshed = new Refreshed(overwrite(store, rows, name), Mode.FULL);
    }
    Mark mark = new Mark(fingerprint, now, inputs.commitName(input, now), store.latestCommit(name));
    try {
      CheckpointFiles.of(store.spark()).replace(markFile(store, name), mark.line());
    } catch (IOException e) {
      throw new UncheckedIOException(name + ": could not record the version it reflects", e);
    }
    return refreshed;
  }

  /**
   * What a view reflects: its {@code fingerprint}, the input version and the store's name for that
   * commit, and the view's commit the mark was written after. One line in {@link #MARK}: {@code
   * <fingerprint> <input version> <input commit name> <view version> <view commit millis>}.
   */
  record Mark(String fingerprint, long inputVersion, String inputCommit, TableStore.Commit view) {

    String line() {
      return "%s %d %s %d %d%n"
          .formatted(fingerprint, inputVersion, inputCommit, view.version(), view.millis());
    }

    /** The mark on the line, or empty when it is not one (a mark from another release, say). */
    static Optional<Mark> parse(String line) {
      String[] parts = line.trim().split(" ");
      if (parts.length != 5 || parts[2].isEmpty()) {
        return Optional.empty();
      }
      try {
        return Optional.of(
            new Mark(
                parts[0],
                Long.parseLong(parts[1]),
                parts[2],
                new TableStore.Commit(Long.parseLong(parts[3]), Long.parseLong(parts[4]))));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }

  static String markFile(TableStore store, String view) {
    return store.checkpoint(view) + "/" + MARK;
  }

  /** The view's columns and the session time zone its dates are cut in, hashed. */
  static String fingerprint(Dataset<Row> rows, SparkSession spark) {
    String text = rows.schema().json() + "|" + spark.conf().get("spark.sql.session.timeZone");
    return Integer.toHexString(text.hashCode());
  }

  /** The same rows, duplicates counted, whatever their order. */
  static boolean sameRows(Dataset<Row> computed, Dataset<Row> stored) {
    Dataset<Row> storedRows =
        stored.select(
            Arrays.stream(computed.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new));
    return computed.exceptAll(storedRows).isEmpty() && storedRows.exceptAll(computed).isEmpty();
  }

  /**
   * Replaces a table's contents and returns how many rows it now holds. The count queries the new
   * snapshot, which Delta answers from its file statistics. An observation on the write would save
   * that query, but Spark Connect does not return the metrics of a write command.
   */
  public static long overwrite(TableStore store, Dataset<Row> rows, String table) {
    store.overwrite(rows, table);
    return store.read(table).count();
  }

  /**
   * The input version the view reflects, when it was refreshed from this very input table (the
   * commit it names is still there), computed as now (the same fingerprint), and has not been
   * committed to since.
   */
  private static Optional<Long> refreshedFrom(
      TableStore store,
      ViewInputs inputs,
      String view,
      String input,
      String fingerprint,
      java.io.PrintStream notes) {
    Optional<List<String>> lines;
    try {
      lines = CheckpointFiles.of(store.spark()).firstLines(markFile(store, view), 1);
    } catch (IOException e) { // a checksum that does not match, say: a recompute is always right
      if (PipelineRunner.interruption(e)) {
        throw new UncheckedIOException(e);
      }
      notes.printf(
          "%s: its mark could not be read (%s); recomputing in full%n",
          view, PipelineRunner.firstLine(e.getMessage()));
      return Optional.empty();
    }
    return lines
        .filter(l -> !l.isEmpty())
        .flatMap(l -> Mark.parse(l.get(0)))
        .filter(mark -> mark.fingerprint().equals(fingerprint))
        .filter(mark -> inputs.commitName(input, mark.inputVersion()).equals(mark.inputCommit()))
        .filter(mark -> store.exists(view) && store.latestCommit(view).equals(mark.view()))
        .map(Mark::inputVersion);
  }

  private static Refreshed refreshKeys(
      PipelineContext ctx,
      MaterializedViewDefinition view,
      Dataset<Row> viewRows,
      IncrementalRefresh incremental,
      ViewInputs inputs,
      Dataset<Row> changes,
      long from,
      long now) {
    TableStore store = ctx.store();
    String name = view.spec().name();
    if (incremental.granularity().fromChangesAlone()) {
      boolean insertsOnly =
          inputs.changesAnswer(
              incremental.input(),
              from,
              now,
              INSERTS_ONLY,
              () -> changes.filter(not(col(CHANGE_TYPE).equalTo("insert"))).isEmpty());
      return insertsOnly ? refreshFromChanges(store, name, viewRows, incremental, changes) : null;
    }
    Dataset<Row> keys = incremental.keysOf().apply(changes).distinct();
    List<String> keyColumns = Arrays.asList(keys.columns());
    if (incremental.granularity() == Granularity.GROUP) {
      // Views keyed by the same function (the daily views) share the touched groups.
      List<Row> groups =
          inputs.changesAnswer(
              incremental.input(),
              from,
              now,
              incremental.keysOf(),
              () -> keys.limit(IncrementalRefresh.MAX_GROUPS + 1).collectAsList());
      if (groups.size() > IncrementalRefresh.MAX_GROUPS) {
        return new Refreshed(overwrite(store, viewRows, name), Mode.FULL);
      }
      if (groups.isEmpty()) {
        return new Refreshed(0, Mode.INCREMENTAL);
      }
      // A literal predicate reaches the scan of the input, so Delta skips the files of other
      // days; it also names the rows the write replaces.
      String touched = inList(keyColumns, groups);
      Dataset<Row> replacement = viewRows.filter(expr(touched)).localCheckpoint();
      store.replaceWhere(replacement, name, touched);
      return new Refreshed(replacement.count(), Mode.INCREMENTAL);
    }
    Dataset<Row> touchedKeys = keys.localCheckpoint();
    long keyCount = touchedKeys.count();
    if (keyCount == 0) {
      return new Refreshed(0, Mode.INCREMENTAL); // commits without rows: nothing to merge
    }
    if (incremental.since().isEmpty()) {
      mergeTouched(store, viewRows, touchedKeys, keyColumns, name, "");
      return new Refreshed(keyCount, Mode.INCREMENTAL);
    }
    IncrementalRefresh.Since since = incremental.since().get();
    Object earliest = earliestStart(store, name, since, changes, touchedKeys);
    // As of the changes' last version: a row committed since, not in the changes, may be earlier.
    Dataset<Row> rows =
        since
            .rowsOf()
            .apply(
                store
                    .read(incremental.input(), now)
                    .filter(expr(fromStart("`" + since.inputColumn() + "`", earliest))));
    if (!rows.schema().equals(viewRows.schema())) {
      throw new IllegalStateException(
          name + ": its rows from the input's later rows are not shaped as its query's");
    }
    // The same bound on the view's side: its files of earlier keys are skipped by the merge too.
    mergeTouched(
        store,
        rows,
        touchedKeys,
        keyColumns,
        name,
        fromStart("t.`" + since.viewColumn() + "`", earliest));
    return new Refreshed(keyCount, Mode.INCREMENTAL);
  }

  /**
   * Where the touched keys' rows can start (see {@link IncrementalRefresh.Since}): the least of the
   * changed input rows' {@code inputColumn} and the touched keys' stored {@code viewColumn}; null
   * when none has one.
   */
  private static Object earliestStart(
      TableStore store,
      String view,
      IncrementalRefresh.Since since,
      Dataset<Row> changes,
      Dataset<Row> touchedKeys) {
    List<String> keyColumns = Arrays.asList(touchedKeys.columns());
    String start = "_clickflow_start";
    return changes
        .select(col(since.inputColumn()).as(start))
        .unionByName(
            store
                .read(view)
                .as("v")
                .join(touchedKeys.as("k"), sameValues(keyColumns, "v", "k"), "left_semi")
                .select(col(since.viewColumn()).as(start)))
        .agg(min(start))
        .first()
        .get(0);
  }

  /**
   * SQL keeping the rows at or after {@code earliest} in {@code column}, and those without a value:
   * a literal bound, so Delta skips the files that end before it, of the input when reading and of
   * the view when merging. No earliest at all: the touched keys' rows are only those without one.
   */
  static String fromStart(String column, Object earliest) {
    String bound = column + " IS NULL";
    return earliest == null
        ? bound
        : "(" + column + " >= " + boundLiteral(earliest) + " OR " + bound + ")";
  }

  /**
   * A start value as SQL. A timestamp is given in microseconds since the epoch: its text would be
   * read back in the session's time zone, while the JVM's wrote it.
   */
  private static String boundLiteral(Object value) {
    java.time.Instant instant =
        value instanceof java.sql.Timestamp timestamp
            ? timestamp.toInstant()
            : value instanceof java.time.Instant i ? i : null;
    if (instant == null) {
      return sqlLiteral(value);
    }
    return "timestamp_micros("
        + java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH, instant)
        + ")";
  }

  /**
   * Merges the members whose row from the inserted input rows alone is not stored as it is, each
   * recomputed from the whole input; when none, nothing is written. A member named by its whole row
   * (a combination) is its own recomputation and is merged as it is. The changes are all inserts:
   * the caller recomputes in full when an input row was updated or deleted, which may take a member
   * away. For a span, nothing is written when the inserted rows bring no key the view lacks, and
   * null otherwise: a new least or greatest key changes the steps between too.
   */
  private static Refreshed refreshFromChanges(
      TableStore store,
      String name,
      Dataset<Row> viewRows,
      IncrementalRefresh incremental,
      Dataset<Row> changes) {
    Dataset<Row> stored = store.read(name);
    List<String> key = incremental.memberKey();
    Dataset<Row> unstored =
        notStored(incremental.keysOf().apply(changes), stored)
            .select(key.stream().map(c -> col("`" + c + "`")).toArray(Column[]::new));
    if (incremental.granularity() == Granularity.SPAN) {
      return unstored.isEmpty() ? new Refreshed(0, Mode.INCREMENTAL) : null;
    }
    Dataset<Row> candidates = unstored.distinct().localCheckpoint();
    if (!candidates.isEmpty()) {
      // When Spark broadcasts the few candidates, it moves the semi-join below the view's
      // aggregation, and only the candidates' input rows are aggregated.
      Dataset<Row> changed =
          key.size() == viewRows.columns().length
              ? candidates
              : notStored(
                      viewRows
                          .as("v")
                          .join(candidates.as("k"), sameValues(key, "v", "k"), "left_semi"),
                      stored)
                  .localCheckpoint();
      long rows = changed.count();
      if (rows > 0) {
        mergeInto(store, name, changed, key, false, "");
      }
      return new Refreshed(rows, Mode.INCREMENTAL);
    }
    return new Refreshed(0, Mode.INCREMENTAL);
  }

  /** The rows that {@code stored} does not hold as they are, compared column by column. */
  private static Dataset<Row> notStored(Dataset<Row> rows, Dataset<Row> stored) {
    List<String> columns = Arrays.asList(rows.columns());
    return rows.as("r")
        .join(stored.as("t"), sameValues(columns, "r", "t"), "left_anti")
        .select("r.*");
  }

  /** Null-safe equality of the named columns of two aliased sides. */
  private static Column sameValues(List<String> columns, String left, String right) {
    return columns.stream()
        .map(c -> col(left + ".`" + c + "`").eqNullSafe(col(right + ".`" + c + "`")))
        .reduce(Column::and)
        .orElseThrow();
  }

  /** {@code key IN (v, ...)} over the groups' values, as SQL literals: one key column. */
  static String inList(List<String> keyColumns, List<Row> groups) {
    if (keyColumns.size() != 1) {
      throw new IllegalArgumentException("a group refresh needs one key column: " + keyColumns);
    }
    return groups.stream()
        .map(row -> sqlLiteral(row.get(0)))
        .collect(Collectors.joining(", ", "`" + keyColumns.get(0) + "` IN (", ")"));
  }

  private static String sqlLiteral(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof java.sql.Date || value instanceof java.time.LocalDate) {
      return "DATE'" + value + "'";
    }
    if (value instanceof Number) {
      return value.toString();
    }
    return "'" + value.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /**
   * Merges the view's rows for the touched keys: new and changed rows are written, and rows whose
   * key no longer has any are deleted. {@code storedBound}, when not empty, is SQL over the view's
   * rows ({@code t}) that every stored row of a touched key meets.
   */
  private static void mergeTouched(
      TableStore store,
      Dataset<Row> viewRows,
      Dataset<Row> touchedKeys,
      List<String> keyColumns,
      String table,
      String storedBound) {
    Dataset<Row> touched =
        viewRows
            .join(touchedKeys, keyColumns.toArray(String[]::new), "left_semi")
            .withColumn(PRESENT, lit(true));
    Dataset<Row> source = touchedKeys.join(touched, keyColumns.toArray(String[]::new), "left");
    mergeInto(store, table, source, keyColumns, true, storedBound);
  }

  /**
   * MERGEs {@code source} into the table by its key columns: matched rows are updated, new ones
   * inserted. With {@code deleteAbsent}, source rows without the {@value #PRESENT} mark delete
   * their key's row instead.
   */
  private static void mergeInto(
      TableStore store,
      String table,
      Dataset<Row> source,
      List<String> keyColumns,
      boolean deleteAbsent,
      String storedBound) {
    SparkSession session = source.sparkSession();
    String view = "clickflow_view_rows_" + table;
    source.createOrReplaceTempView(view);
    List<String> columns = Arrays.asList(store.read(table).columns());
    String on =
        Stream.concat(
                keyColumns.stream().map(c -> "t.`" + c + "` <=> s.`" + c + "`"),
                Stream.of(storedBound).filter(b -> !b.isEmpty()))
            .collect(Collectors.joining(" AND "));
    String set =
        columns.stream().map(c -> "`" + c + "` = s.`" + c + "`").collect(Collectors.joining(", "));
    String insertColumns =
        columns.stream().map(c -> "`" + c + "`").collect(Collectors.joining(", "));
    String insertValues =
        columns.stream().map(c -> "s.`" + c + "`").collect(Collectors.joining(", "));
    session.sql(
        """
        MERGE INTO %s t
        USING %s s
        ON %s
        %s
        WHEN MATCHED THEN UPDATE SET %s
        WHEN NOT MATCHED %s THEN INSERT (%s) VALUES (%s)
        """
            .formatted(
                store.sqlName(table),
                view,
                on,
                deleteAbsent ? "WHEN MATCHED AND s.%s IS NULL THEN DELETE".formatted(PRESENT) : "",
                set,
                deleteAbsent ? "AND s." + PRESENT : "",
                insertColumns,
                insertValues));
    session.catalog().dropTempView(view);
  }
}
