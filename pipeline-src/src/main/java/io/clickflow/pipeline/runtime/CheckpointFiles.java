package io.clickflow.pipeline.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The few checkpoint files the driver itself reads, writes or removes: an offset log entry, a
 * materialized view's refresh mark, or a flow's checkpoint on full refresh. Under classic Spark
 * they go through the session's Hadoop file systems; under Databricks Connect there is no Hadoop on
 * the client, and the checkpoints live in a Unity Catalog volume that the job sees as a local path
 * ({@code /Volumes/...}).
 */
public interface CheckpointFiles {

  /** The first {@code count} lines of the file, or empty when it does not exist. */
  Optional<List<String>> firstLines(String path, int count) throws IOException;

  /**
   * Makes the file hold {@code text}, creating its folder if needed. Readers see the old text or
   * the new one, never a part; where the file system cannot replace a file in one step, a crash may
   * leave no file at all.
   */
  void replace(String path, String text) throws IOException;

  /** Removes the file or folder and everything under it; nothing when it does not exist. */
  void deleteRecursively(String path) throws IOException;

  /**
   * The greatest batch id among the files of a streaming log folder ({@code offsets}, {@code
   * commits}), whose files are named by batch id; empty when it has none or does not exist.
   */
  OptionalLong lastBatch(String folder) throws IOException;

  /** The greatest of the names that are batch ids. */
  static OptionalLong lastBatch(Stream<String> names) {
    return names
        .filter(n -> !n.isEmpty() && n.chars().allMatch(Character::isDigit))
        .mapToLong(Long::parseLong)
        .max();
  }

  /** Up to {@code count} lines from the reader, for both backends. */
  static List<String> firstLines(BufferedReader reader, int count) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line = reader.readLine();
        line != null && lines.size() < count;
        line = reader.readLine()) {
      lines.add(line);
    }
    return lines;
  }

  static CheckpointFiles of(SparkSession spark) {
    // The Hadoop-backed class is only loaded on classic Spark, where Hadoop is on the classpath.
    return SparkSessions.isClassic(spark)
        ? new HadoopCheckpointFiles(spark)
        : new LocalCheckpointFiles();
  }
}
