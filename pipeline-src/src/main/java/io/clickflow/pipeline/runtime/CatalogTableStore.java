package io.clickflow.pipeline.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Delta tables addressed as {@code catalog.schema.table} in Unity Catalog, with checkpoints under a
 * volume path. Used when the pipeline runs as a Databricks job.
 */
public final class CatalogTableStore extends DeltaTableStore {

  private static final long serialVersionUID = 1L;

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final String catalog;
  private final String schema;
  private final String checkpointRoot;

  public CatalogTableStore(
      SparkSession spark, String catalog, String schema, String checkpointRoot) {
    super(spark);
    for (String part : new String[] {catalog, schema}) {
      if (part == null || !IDENTIFIER.matcher(part).matches()) {
        throw new IllegalArgumentException("not a catalog or schema identifier: " + part);
      }
    }
    if (checkpointRoot == null || checkpointRoot.isBlank()) {
      throw new IllegalArgumentException("a checkpoint location is required with --catalog");
    }
    this.catalog = catalog;
    this.schema = schema;
    this.checkpointRoot = checkpointRoot.replaceAll("/+$", "");
  }

  private CatalogTableStore(CatalogTableStore other, SparkSession session) {
    super(session, other.declarations());
    this.catalog = other.catalog;
    this.schema = other.schema;
    this.checkpointRoot = other.checkpointRoot;
  }

  @Override
  public TableStore inSession(SparkSession session) {
    return new CatalogTableStore(this, session);
  }

  @Override
  public Dataset<Row> readStream(String table) {
    return spark.readStream().table(sqlName(table));
  }

  @Override
  public Dataset<Row> read(String table) {
    return spark.read().table(sqlName(table));
  }

  @Override
  public Dataset<Row> read(String table, long version) {
    return spark.read().option("versionAsOf", version).table(sqlName(table));
  }

  @Override
  public Dataset<Row> changes(String table, long from, long to) {
    return changeFeed(spark.read(), from, to).table(sqlName(table));
  }

  @Override
  public boolean exists(String table) {
    return spark.catalog().tableExists(catalog + "." + schema + "." + table);
  }

  @Override
  protected void save(DataFrameWriter<Row> writer, String table) {
    writer.saveAsTable(sqlName(table));
  }

  @Override
  public String sqlName(String table) {
    return "`" + catalog + "`.`" + schema + "`.`" + table + "`";
  }

  @Override
  public String checkpoint(String flow) {
    return checkpointRoot + "/" + flow;
  }

  @Override
  public void reset(String table, String flow) {
    spark.sql("DROP TABLE IF EXISTS " + sqlName(table));
    String path = checkpoint(flow);
    try {
      CheckpointFiles.of(spark).deleteRecursively(path);
    } catch (IOException | RuntimeException e) {
      throw new UncheckedIOException(
          "delete checkpoint "
              + path
              + " for full refresh; remove it by hand (or point --checkpoints at a new location)",
          e instanceof IOException io ? io : new IOException(e));
    }
  }
}
