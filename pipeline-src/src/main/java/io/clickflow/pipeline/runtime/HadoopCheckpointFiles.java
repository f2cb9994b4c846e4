package io.clickflow.pipeline.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Checkpoint files through the session's Hadoop configuration: local, abfss, anything Spark reads.
 */
final class HadoopCheckpointFiles implements CheckpointFiles {

  private final Configuration conf;

  HadoopCheckpointFiles(SparkSession spark) {
    this.conf = spark.sessionState().newHadoopConf();
  }

  @Override
  public Optional<List<String>> firstLines(String path, int count) throws IOException {
    Path file = new Path(path);
    FileSystem fs = file.getFileSystem(conf);
    if (!fs.exists(file)) {
      return Optional.empty();
    }
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      return Optional.of(CheckpointFiles.firstLines(reader, count));
    }
  }

  @Override
  public OptionalLong lastBatch(String folder) throws IOException {
    Path path = new Path(folder);
    FileSystem fs = path.getFileSystem(conf);
    if (!fs.exists(path)) {
      return OptionalLong.empty();
    }
    return CheckpointFiles.lastBatch(
        Arrays.stream(fs.listStatus(path)).map(status -> status.getPath().getName()));
  }

  @Override
  public void replace(String path, String text) throws IOException {
    Path file = new Path(path);
    Path written = new Path(file.getParent(), "." + file.getName() + ".tmp");
    FileSystem fs = file.getFileSystem(conf);
    try (OutputStream out = fs.create(written, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    // A local rename replaces the file in one step; object stores and HDFS refuse to.
    if (!fs.rename(written, file)) {
      fs.delete(file, false);
      if (!fs.rename(written, file)) {
        throw new IOException("could not move " + written + " to " + file);
      }
    }
  }

  @Override
  public void deleteRecursively(String path) throws IOException {
    Path folder = new Path(path);
    folder.getFileSystem(conf).delete(folder, true);
  }
}
