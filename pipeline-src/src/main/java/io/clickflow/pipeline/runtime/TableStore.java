package io.clickflow.pipeline.runtime;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Where datasets are stored. It hides whether a table is a local Delta path or a Unity Catalog
 * name, so dataset definitions run unchanged on a laptop and on Databricks.
 *
 * <p>Appends are idempotent per (writer id, batch id): a batch replayed after a crash finds its
 * earlier commit by the mark that commit carries, and is not appended twice.
 */
public interface TableStore extends Serializable {

  /** A streaming read of the table's appends. */
  Dataset<Row> readStream(String table);

  /** A batch read of the latest snapshot. */
  Dataset<Row> read(String table);

  /** A batch read of one version of the table, as {@link #version} named it. */
  Dataset<Row> read(String table, long version);

  /** The table's latest version. */
  default long version(String table) {
    return latestCommit(table).version();
  }

  /**
   * A table's commit, named by its version and time: a table made again does not repeat both.
   *
   * @param millis when it was committed, in milliseconds since the epoch
   */
  record Commit(long version, long millis) {}

  /** The table's latest commit. */
  default Commit latestCommit(String table) {
    Row latest =
        spark()
            .sql("DESCRIBE HISTORY " + sqlName(table) + " LIMIT 1")
            .selectExpr("version", "unix_millis(timestamp)")
            .first();
    return new Commit(latest.getLong(0), latest.getLong(1));
  }

  /**
   * The rows each version in {@code [from, to]} inserted, updated or deleted: Delta's change data
   * feed, which the table must have had enabled over that range.
   */
  Dataset<Row> changes(String table, long from, long to);

  /**
   * A name for the table's commit {@code version} that a table dropped and made again does not give
   * its own commit of that version. By default Delta's id of the table, whatever the version: a
   * table made again gets a new one.
   */
  default String commitName(String table, long version) {
    return spark().sql("DESCRIBE DETAIL " + sqlName(table)).select("id").first().getString(0);
  }

  boolean exists(String table);

  /**
   * Records the comment and properties a table gets when this store creates it. Tables created
   * before a declaration keep what they have.
   */
  void declare(String table, TableDeclaration declaration);

  /** The table's properties; empty when the table does not exist. */
  default Map<String, String> properties(String table) {
    if (!exists(table)) {
      return Map.of();
    }
    Map<String, String> properties = new HashMap<>();
    for (Row row : spark().sql("SHOW TBLPROPERTIES " + sqlName(table)).collectAsList()) {
      properties.put(row.getString(0), row.getString(1));
    }
    return properties;
  }

  /** The session this store reads and writes with. */
  SparkSession spark();

  /**
   * The same tables through another session: a batch function uses its batch's session, which under
   * Spark Connect lives on the server rather than in the process that made this store.
   */
  TableStore inSession(SparkSession session);

  /** Creates an empty table with this schema and its declaration, unless it exists. */
  void createIfMissing(String table, StructType schema);

  /**
   * Appends the rows in one commit marked with (writerId, batchId). When the batch {@code
   * mayReplay} (a crash may have interrupted it after its commit), the table's history is searched
   * for that mark first, and a batch that committed already writes nothing. Other batches skip the
   * search: Delta's own transaction-id check would rebuild the table's snapshot state on every
   * append. A missing table is created first, with the rows' schema and the table's declaration.
   *
   * @return whether this call committed the rows; false when the batch had committed already
   */
  boolean append(Dataset<Row> rows, String table, String writerId, long batchId, boolean mayReplay);

  /** Replaces the table's contents in one commit (materialized views). */
  void overwrite(Dataset<Row> rows, String table);

  /**
   * Replaces the rows matching a SQL predicate with {@code rows}, which must all match it, in one
   * commit (a materialized view's touched days).
   */
  void replaceWhere(Dataset<Row> rows, String table, String predicate);

  /** The name to use for the table inside SQL text, e.g. in MERGE INTO. */
  String sqlName(String table);

  /** The checkpoint location of a flow. */
  String checkpoint(String flow);

  /** Full refresh: removes the table's data and the flow's checkpoint. */
  void reset(String table, String flow);
}
