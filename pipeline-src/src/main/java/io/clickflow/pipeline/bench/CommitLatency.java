package io.clickflow.pipeline.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * End-to-end latency of every event in a Delta table: the commit time of the append that first
 * wrote the event's row, minus its {@code event_time}. It reads the table's own log, so it needs
 * nothing from the run that wrote the table; rows later rewritten by a MERGE still count once, at
 * the time they were appended.
 */
public final class CommitLatency {

  /** Log operations that append new rows (streaming foreachBatch appends are plain WRITEs). */
  private static final Set<String> APPENDS = Set.of("WRITE", "STREAMING UPDATE");

  /** Latency percentiles in seconds over {@code events} rows appended after {@code since}. */
  public record Report(long events, double p50, double p95, double p99, double max) {}

  private CommitLatency() {}

  /**
   * Fails with one clear line, before Spark starts, when there is no Delta table at the path. The
   * file system is a new instance, not Hadoop's cached one: a cached one made here, from a plain
   * configuration, would be the one Spark gets for the same scheme.
   */
  public static void requireTable(String tablePath) {
    Path log = new Path(tablePath, "_delta_log");
    try (FileSystem fs =
        FileSystem.newInstance(log.toUri(), new org.apache.hadoop.conf.Configuration())) {
      if (!fs.exists(log)) {
        throw new IllegalArgumentException(
            "no Delta table at " + tablePath + ": did the pipeline run with this --lakehouse?");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("check " + tablePath, e);
    }
  }

  /**
   * @param skip appends within this long of the table's first append are left out (start-up and the
   *     first backlog are not steady state)
   */
  public static Report measure(SparkSession spark, String tablePath, Duration skip) {
    List<Row> all = appendedFiles(spark, tablePath);
    if (all.isEmpty()) {
      throw new IllegalArgumentException(
          "no appends to " + tablePath + ": did the pipeline run there?");
    }
    long since = all.stream().mapToLong(r -> r.getLong(1)).min().getAsLong() + skip.toMillis();
    List<Row> files = all.stream().filter(r -> r.getLong(1) >= since).toList();
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "no appends to " + tablePath + " after the first " + skip + "; skip less");
    }
    StructType commits =
        new StructType().add("file", DataTypes.StringType).add("committed_ms", DataTypes.LongType);
    String base = tablePath.endsWith("/") ? tablePath : tablePath + "/";
    List<String> paths = files.stream().map(r -> base + r.getString(0)).distinct().toList();
    Dataset<Row> committed =
        spark
            .createDataFrame(files, commits)
            .withColumn("file", expr("substring_index(file, '/', -1)"));
    Row stats =
        spark
            .read()
            .parquet(paths.toArray(String[]::new))
            // Data file names carry a UUID, so the name alone identifies the file.
            .select(
                col("event_time"), expr("substring_index(_metadata.file_path, '/', -1)").as("file"))
            .join(committed, "file")
            .select(
                expr("cast(committed_ms * 1000 - unix_micros(event_time) AS DOUBLE) / 1e6")
                    .as("latency"))
            .agg(
                expr("count(*)"),
                expr("percentile(latency, 0.5)"),
                expr("percentile(latency, 0.95)"),
                expr("percentile(latency, 0.99)"),
                expr("max(latency)"))
            .first();
    return new Report(
        stats.getLong(0),
        stats.getDouble(1),
        stats.getDouble(2),
        stats.getDouble(3),
        stats.getDouble(4));
  }

  /** (file path relative to the table, commit time in ms) for every file an append commit added. */
  private static List<Row> appendedFiles(SparkSession spark, String tablePath) {
    List<Row> files = new ArrayList<>();
    for (DeltaCommitLog.Commit commit :
        DeltaCommitLog.read(tablePath, spark.sessionState().newHadoopConf())) {
      if (APPENDS.contains(commit.operation())) {
        commit.addedFiles().forEach(f -> files.add(RowFactory.create(f, commit.timestampMs())));
      }
    }
    return files;
  }
}
