package io.clickflow.pipeline.runtime;

import org.apache.spark.sql.SparkSession;

/** Where the pipeline gets its session: the platform's when there is one, else local Spark. */
public final class SparkSessions {

  /** Names the Spark Connect server to run against. */
  public static final String SPARK_REMOTE = "SPARK_REMOTE";

  private SparkSessions() {}

  /**
   * The active session when the host made one (spark-submit, a classic cluster); a Spark Connect
   * session when {@value #SPARK_REMOTE} names a server (Spark's own variable, e.g. {@code
   * sc://host:15002}); the platform's session in a Databricks job, where serverless hands out a
   * Databricks Connect session; otherwise a local session with Delta Lake on all cores.
   */
  public static SparkSession activeOrLocal(String appName) {
    if (SparkSession.getActiveSession().isDefined()) {
      return SparkSession.getActiveSession().get();
    }
    String remote = System.getenv(SPARK_REMOTE);
    if (remote != null && !remote.isBlank()) {
      // The API mode picks the Connect client where classic Spark is on the classpath too.
      return SparkSession.builder()
          .config("spark.api.mode", "connect")
          .remote(remote)
          .getOrCreate();
    }
    if (onDatabricks(System.getenv())) {
      return SparkSession.builder().getOrCreate();
    }
    return local(appName, "local[*]");
  }

  /** Databricks sets this in every job's environment, serverless included. */
  static boolean onDatabricks(java.util.Map<String, String> env) {
    String runtime = env.get("DATABRICKS_RUNTIME_VERSION");
    return runtime != null && !runtime.isBlank();
  }

  /**
   * Whether the session runs the query engine in this JVM. Under Spark Connect (Databricks
   * serverless) there is no SparkContext, session state or local plan: code that needs them takes
   * another path or is skipped. Compared by name, because the classic class is absent from a
   * Connect client's classpath.
   */
  public static boolean isClassic(SparkSession spark) {
    return spark.getClass().getName().equals("org.apache.spark.sql.classic.SparkSession");
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
            // A snapshot per commit. With changelog checkpointing, snapshots are uploaded by a
            // background task that a short scheduled run may never reach, so each restart replayed
            // every changelog since the first: Silver's dedup state rebuilt from all its history.
            .config(
                "spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled", "false")
            // And that snapshot compacted first. A run's last batch drops the keys its watermark
            // passed, which RocksDB only marks as deleted: after a 1M-event run, Silver's snapshot
            // was 95 MB of keys no longer there, and the next run loaded all of it for a few
            // thousand live keys. Compaction at each commit costs time that grows with the live
            // keys; in continuous mode at 1,000 events a second, holding ten minutes of keys, p95
            // latency stayed within target (docs/BENCHMARKS.md).
            .config("spark.sql.streaming.stateStore.rocksdb.compactOnCommit", "true")
            // Spark's default, kept on purpose. A batch's late events are judged by the watermark
            // its previous batch started with, as the offset log records it. A run whose
            // watermark moved ends with a batch without new data, whose log entry records the
            // watermark the run reached. Without that batch, the next run's first batch judged
            // late events by an older watermark and let through events an hour behind.
            .config("spark.sql.streaming.noDataMicroBatches.enabled", "true")
            // Compiled generated code, kept by its source text. The default 100 entries are fewer
            // than the distinct stages of one run's flows and views, so each micro-batch compiled
            // most of its code again: a third of a continuous run's CPU went to the compiler.
            .config("spark.sql.codegen.cache.maxEntries", "2000")
            // That text held the stage's number in its query as the class name's suffix, and the
            // same stage is numbered differently from one plan to the next: nearly every stage of
            // an incremental run was compiled again although its code was the same.
            .config("spark.sql.codegen.useIdInClassName", "false")
            // And that cache is kept per class loader. With artifact isolation, each session's
            // tasks get a class loader of their own, and every streaming query and micro-batch
            // runs in a session of its own: its tasks compiled all their code again. This
            // process adds no artifacts to isolate.
            .config("spark.sql.artifact.isolation.enabled", "false")
            // Local files without a process started per file created or renamed (see
            // InProcessLocalFileSystem): about a second of an increment's run on two cores.
            .config("spark.hadoop.fs.file.impl", InProcessLocalFileSystem.class.getName())
            .config(
                "spark.hadoop.fs.AbstractFileSystem.file.impl", InProcessLocalFs.class.getName())
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.streaming.numRecentProgressUpdates", "10000")
            .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
            .config("spark.databricks.delta.snapshotPartitions", "2")
            // Bronze lists the landing's hourly folders each run. Past 32, Spark lists them with a
            // job, which on one machine costs more than listing a month of folders itself.
            .config("spark.sql.sources.parallelPartitionDiscovery.threshold", "1024")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
