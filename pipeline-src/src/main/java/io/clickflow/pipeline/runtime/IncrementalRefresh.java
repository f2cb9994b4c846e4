package io.clickflow.pipeline.runtime;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How a materialized view refreshes only what its input's changes touch. Correct for a view whose
 * rows each depend on the input rows of one key alone (a session, a day, a page): recomputing the
 * view's query for the touched keys gives the rows a full recompute would give for them.
 *
 * <p>A view of the members an append-only input has seen (a dimension) refreshes from the changes
 * alone instead: see {@link Granularity#MEMBERS}; so does a view spanning the range of an input
 * value (a date dimension): see {@link Granularity#SPAN}.
 *
 * @param input the one dataset the view reads (checked against its reads); without Delta's change
 *     data feed on it the view is recomputed in full
 * @param keysOf the view's key columns, computed from changed input rows (same names as the
 *     view's); for {@link Granularity#MEMBERS}, the view's rows for the changed input rows alone
 * @param granularity whether each key is one view row or a group of rows, or the view is a set of
 *     members or a range
 * @param memberKey for {@link Granularity#MEMBERS}, the columns that name a member (null-safe); for
 *     {@link Granularity#SPAN}, the key column; empty otherwise
 * @param since for {@link Granularity#ROW}, optionally, where a key's input rows start: the touched
 *     keys are then recomputed from the input rows at or after that point alone
 */
public record IncrementalRefresh(
    String input,
    Function<Dataset<Row>, Dataset<Row>> keysOf,
    Granularity granularity,
    List<String> memberKey,
    Optional<Since> since) {

  public IncrementalRefresh {
    if (since.isPresent() && granularity != Granularity.ROW) {
      throw new IllegalArgumentException("only a row refresh reads from where its keys start");
    }
  }

  /**
   * A view whose every row holds the least {@code inputColumn} of its key's input rows, as {@code
   * viewColumn} (a session's start: the earliest event time of its events). The input rows of the
   * keys that changes touch then all lie at or after the earliest of two points: the changed rows'
   * own {@code inputColumn}, and the touched keys' stored {@code viewColumn}; so do the touched
   * keys' stored rows, and the merge skips the view's files that end before it too. Rows with no
   * value there are always read. A stored row is trusted: one wrong since an earlier refresh stays
   * wrong until {@code --full-refresh}, where a refresh from all input rows would have mended it.
   *
   * @param rowsOf the view's rows from input rows: the view's query is this over the whole input
   */
  public record Since(
      String inputColumn, String viewColumn, Function<Dataset<Row>, Dataset<Row>> rowsOf) {}

  public enum Granularity {
    /** The key identifies one row: the touched rows are merged in. */
    ROW,
    /**
     * The key identifies a few groups of rows (days): the groups touched are replaced whole. Used
     * while they are at most {@link #MAX_GROUPS}; beyond that the view is recomputed.
     */
    GROUP,
    /**
     * Each row is a member the input has seen (a device combination, a page), and a member's row is
     * an aggregate of its input rows that new rows leave as it is when their own aggregate equals
     * it: a distinct value, a minimum or maximum, the latest title. For an input that is only
     * appended to, the members whose row from the new rows alone differs from the stored one are
     * recomputed from the whole input and merged; nothing is written when there are none. A change
     * that is not an insert recomputes the view in full.
     */
    MEMBERS,
    /**
     * The view spans a range of an input value, a row for each step from the least to the greatest
     * (every day from the first event date to the last), named by its key. Inserted rows whose keys
     * the view holds leave the range as it is, and nothing is written. A key the view lacks, or a
     * change that is not an insert, recomputes the view in full.
     */
    SPAN;

    /**
     * Whether the view refreshes from its input's changes alone ({@link #MEMBERS}, {@link #SPAN}).
     * When they do not suffice, it is recomputed in full, and compared with what it holds before it
     * is written: such a view is small and often comes out the same.
     */
    public boolean fromChangesAlone() {
      return this == MEMBERS || this == SPAN;
    }
  }

  /** Above this many touched groups, replacing them costs about what a full recompute does. */
  public static final int MAX_GROUPS = 400;

  /** Keyed by the view's row key. */
  public static IncrementalRefresh byRow(
      String input, Function<Dataset<Row>, Dataset<Row>> keysOf) {
    return new IncrementalRefresh(input, keysOf, Granularity.ROW, List.of(), Optional.empty());
  }

  /**
   * This row refresh, reading only the input rows from where the touched keys' rows start; see
   * {@link Since}. Delta skips the input's files that end before that point.
   */
  public IncrementalRefresh since(
      String inputColumn, String viewColumn, Function<Dataset<Row>, Dataset<Row>> rowsOf) {
    return new IncrementalRefresh(
        input,
        keysOf,
        granularity,
        memberKey,
        Optional.of(new Since(inputColumn, viewColumn, rowsOf)));
  }

  /** Keyed by a group (a day) holding several of the view's rows. */
  public static IncrementalRefresh byGroup(
      String input, Function<Dataset<Row>, Dataset<Row>> keysOf) {
    return new IncrementalRefresh(input, keysOf, Granularity.GROUP, List.of(), Optional.empty());
  }

  /**
   * The range of an input value, named by {@code key}: {@code keysOf} gives the view's keys of
   * changed input rows.
   */
  public static IncrementalRefresh bySpan(
      String input, Function<Dataset<Row>, Dataset<Row>> keysOf, String key) {
    return new IncrementalRefresh(input, keysOf, Granularity.SPAN, List.of(key), Optional.empty());
  }

  /**
   * The members of an append-only input, named by {@code key}: {@code rowsOf} computes the view's
   * rows from input rows.
   */
  public static IncrementalRefresh byMembers(
      String input, Function<Dataset<Row>, Dataset<Row>> rowsOf, String key, String... more) {
    List<String> columns = new java.util.ArrayList<>(List.of(key));
    columns.addAll(List.of(more));
    return new IncrementalRefresh(
        input, rowsOf, Granularity.MEMBERS, List.copyOf(columns), Optional.empty());
  }
}
