package io.clickflow.pipeline.runtime;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A materialized view's refresh. */
public final class ViewRefresh {

  private ViewRefresh() {}

  /**
   * Replaces a table's contents and returns how many rows it now holds. The count queries the new
   * snapshot, which Delta answers from its file statistics. An observation on the write would save
   * that query, but Spark Connect does not return the metrics of a write command.
   */
  public static long overwrite(TableStore store, Dataset<Row> rows, String table) {
    store.overwrite(rows, table);
    return store.read(table).count();
  }
}
