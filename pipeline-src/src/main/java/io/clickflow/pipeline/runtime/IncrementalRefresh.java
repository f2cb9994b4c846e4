package io.clickflow.pipeline.runtime;

import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How a materialized view refreshes only what its input's changes touch. Correct for a view whose
 * rows each depend on the input rows of one key alone (a session, a day, a page): recomputing the
 * view's query for the touched keys gives the rows a full recompute would give for them.
 *
 * <p>A view of the members an append-only input has seen (a dimension) refreshes from the changes
 * alone instead: see {@link Granularity#MEMBERS}.
 *
 * @param input the one dataset the view reads (checked against its reads); without Delta's change
 *     data feed on it the view is recomputed in full
 * @param keysOf the view's key columns, computed from changed input rows (same names as the
 *     view's); for {@link Granularity#MEMBERS}, the view's rows for the changed input rows alone
 * @param granularity whether each key is one view row or a group of rows, or the view is a set of
 *     members
 */
public record IncrementalRefresh(
    String input, Function<Dataset<Row>, Dataset<Row>> keysOf, Granularity granularity) {

  public enum Granularity {
    /** The key identifies one row: the touched rows are merged in. */
    ROW,
    /**
     * The key identifies a few groups of rows (days): the groups touched are replaced whole. Used
     * while they are at most {@link #MAX_GROUPS}; beyond that the view is recomputed.
     */
    GROUP,
    /**
     * Each row is a distinct member the input has seen (a device combination). For an input that is
     * only appended to, the view of all input is the stored view plus the members of the new rows
     * it lacks; nothing is written when there are none. A change that is not an insert recomputes
     * the view in full.
     */
    MEMBERS
  }

  /** Above this many touched groups, replacing them costs about what a full recompute does. */
  public static final int MAX_GROUPS = 400;

  /** Keyed by the view's row key. */
  public static IncrementalRefresh byRow(
      String input, Function<Dataset<Row>, Dataset<Row>> keysOf) {
    return new IncrementalRefresh(input, keysOf, Granularity.ROW);
  }

  /** Keyed by a group (a day) holding several of the view's rows. */
  public static IncrementalRefresh byGroup(
      String input, Function<Dataset<Row>, Dataset<Row>> keysOf) {
    return new IncrementalRefresh(input, keysOf, Granularity.GROUP);
  }

  /** The members of an append-only input: {@code rowsOf} computes the view's rows from its rows. */
  public static IncrementalRefresh byMembers(
      String input, Function<Dataset<Row>, Dataset<Row>> rowsOf) {
    return new IncrementalRefresh(input, rowsOf, Granularity.MEMBERS);
  }
}
