package io.clickflow.pipeline.runtime;

import org.apache.spark.sql.SparkSession;

/** Where the pipeline gets its session: the platform's when there is one, else local Spark. */
public final class SparkSessions {

  private SparkSessions() {}

  /**
   * The active session when running inside Databricks (or any host that made one), otherwise a
   * local session with Delta Lake on all cores.
   */
  public static SparkSession activeOrLocal(String appName) {
    return SparkSession.getActiveSession().isDefined()
        ? SparkSession.getActiveSession().get()
        : local(appName, "local[*]");
  }

  public static SparkSession local(String appName, String master) {
    SparkSession spark =
        SparkSession.builder()
            .appName(appName)
            .master(master)
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config("spark.sql.shuffle.partitions", "4")
            .config(
                "spark.sql.streaming.stateStore.providerClass",
                "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider")
            .config("spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled", "true")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.streaming.numRecentProgressUpdates", "10000")
            .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
            .config("spark.databricks.delta.snapshotPartitions", "2")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
