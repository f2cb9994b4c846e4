package io.clickflow.pipeline.runtime;

import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * What both Delta stores share: declarations, creation with them, and the idempotent append.
 * Subclasses say only how a table is addressed.
 */
abstract class DeltaTableStore implements TableStore {

  private static final long serialVersionUID = 1L;

  /** Delta's writer option, and history column, for a commit's own metadata. */
  private static final String USER_METADATA = "userMetadata";

  // A session does not travel: a store that crosses to a Spark Connect server gets the session
  // there through inSession.
  protected final transient SparkSession spark;
  private final ConcurrentHashMap<String, TableDeclaration> declarations;

  DeltaTableStore(SparkSession spark) {
    this(spark, new ConcurrentHashMap<>());
  }

  DeltaTableStore(SparkSession spark, ConcurrentHashMap<String, TableDeclaration> declarations) {
    this.spark = spark;
    this.declarations = declarations;
  }

  /** The declarations made so far, for a copy of this store in another session. */
  protected ConcurrentHashMap<String, TableDeclaration> declarations() {
    return new ConcurrentHashMap<>(declarations);
  }

  /** Writes to the table, by path or by name. */
  protected abstract void save(DataFrameWriter<Row> writer, String table);

  @Override
  public SparkSession spark() {
    return spark;
  }

  @Override
  public void declare(String table, TableDeclaration declaration) {
    declarations.put(table, declaration);
  }

  @Override
  public void createIfMissing(String table, StructType schema) {
    if (!exists(table)) {
      spark.sql(
          declarations
              .getOrDefault(table, TableDeclaration.NONE)
              .createSql(sqlName(table), schema));
    }
  }

  @Override
  public boolean append(
      Dataset<Row> rows, String table, String writerId, long batchId, boolean mayReplay) {
    createIfMissing(table, rows.schema());
    String mark = batchMark(writerId, batchId);
    DataFrameWriter<Row> writer =
        rows.write().format("delta").mode("append").option(USER_METADATA, mark);
    if (!mayReplay) {
      save(writer, table);
      return true;
    }
    if (committed(table, mark)) {
      return false;
    }
    // Batches written before commits carried the mark have only Delta's transaction id, by which
    // Delta skips the write without a word: whether it wrote shows in the table's version.
    long before = version(table);
    save(writer.option("txnAppId", writerId).option("txnVersion", batchId), table);
    return version(table) != before;
  }

  /** The commit metadata that marks a writer's batch. */
  static String batchMark(String writerId, long batchId) {
    return "clickflow:" + writerId + "@" + batchId;
  }

  /**
   * Whether a commit in the table's history carries the mark. The whole history is read, a Spark
   * job over its commit files, so this runs only for a batch that may be a replay.
   */
  private boolean committed(String table, String mark) {
    return !spark
        .sql("DESCRIBE HISTORY " + sqlName(table))
        .filter(functions.col(USER_METADATA).equalTo(mark))
        .isEmpty();
  }

  @Override
  public void overwrite(Dataset<Row> rows, String table) {
    createIfMissing(table, rows.schema());
    save(rows.write().format("delta").mode("overwrite").option("overwriteSchema", "true"), table);
  }

  @Override
  public void replaceWhere(Dataset<Row> rows, String table, String predicate) {
    save(rows.write().format("delta").mode("overwrite").option("replaceWhere", predicate), table);
  }

  /** The reader options of Delta's change data feed over versions {@code [from, to]}. */
  static DataFrameReader changeFeed(DataFrameReader reader, long from, long to) {
    return reader
        .option("readChangeFeed", "true")
        .option("startingVersion", from)
        .option("endingVersion", to);
  }
}
