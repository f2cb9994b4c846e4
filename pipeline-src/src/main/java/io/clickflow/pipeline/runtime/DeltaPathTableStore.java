package io.clickflow.pipeline.runtime;

import io.clickflow.contract.LakehouseLayout;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Delta tables addressed by path under a lakehouse root: the local default. */
public final class DeltaPathTableStore extends DeltaTableStore {

  private static final long serialVersionUID = 1L;

  private final LakehouseLayout layout;

  public DeltaPathTableStore(SparkSession spark, LakehouseLayout layout) {
    super(spark);
    this.layout = layout;
  }

  private DeltaPathTableStore(DeltaPathTableStore other, SparkSession session) {
    super(session, other.declarations());
    this.layout = other.layout;
  }

  @Override
  public TableStore inSession(SparkSession session) {
    return new DeltaPathTableStore(this, session);
  }

  @Override
  public Dataset<Row> readStream(String table) {
    return spark.readStream().format("delta").load(layout.table(table));
  }

  @Override
  public Dataset<Row> read(String table) {
    return spark.read().format("delta").load(layout.table(table));
  }

  @Override
  public Dataset<Row> read(String table, long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(layout.table(table));
  }

  @Override
  public Dataset<Row> changes(String table, long from, long to) {
    return changeFeed(spark.read().format("delta"), from, to).load(layout.table(table));
  }

  @Override
  public boolean exists(String table) {
    return exists(log(table));
  }

  /**
   * The latest commit, named by the greatest commit file in the table's log and that file's time.
   * Delta's protocol names each commit {@code <version>.json} and makes it visible whole. {@code
   * DESCRIBE HISTORY} gives the same version but first builds the table's latest snapshot, which
   * after each write is a Spark job over the log.
   */
  @Override
  public Commit latestCommit(String table) {
    Path log = log(table);
    try {
      FileStatus latest = null;
      for (FileStatus file :
          fs(log).listStatus(log, f -> COMMIT_FILE.matcher(f.getName()).matches())) {
        if (latest == null || file.getPath().getName().compareTo(latest.getPath().getName()) > 0) {
          latest = file;
        }
      }
      if (latest == null) {
        throw new IllegalStateException(table + " has no commits in " + log);
      }
      String name = latest.getPath().getName();
      return new Commit(
          Long.parseLong(name.substring(0, name.indexOf('.'))), latest.getModificationTime());
    } catch (IOException e) {
      throw new UncheckedIOException("list " + log, e);
    }
  }

  /**
   * The version and the time of its commit file: a table made again writes its commit files anew.
   * {@code DESCRIBE DETAIL}, for the table's id, builds the table's snapshot and its file list
   * first. Empty when the file is gone (cleaned up with the log's history), which names no commit.
   */
  @Override
  public String commitName(String table, long version) {
    Path file = new Path(log(table), "%020d.json".formatted(version));
    try {
      return version + "@" + fs(file).getFileStatus(file).getModificationTime();
    } catch (FileNotFoundException e) {
      return "";
    } catch (IOException e) {
      throw new UncheckedIOException("read " + file, e);
    }
  }

  /** The table's Delta log folder. */
  private Path log(String table) {
    return new Path(layout.table(table), "_delta_log");
  }

  /** A commit file of a Delta log: the version, zero-padded to 20 digits, and {@code .json}. */
  private static final Pattern COMMIT_FILE = Pattern.compile("\\d{20}\\.json");

  @Override
  protected void save(DataFrameWriter<Row> writer, String table) {
    writer.save(layout.table(table));
  }

  @Override
  public String sqlName(String table) {
    return "delta.`" + layout.table(table) + "`";
  }

  @Override
  public String checkpoint(String flow) {
    return layout.checkpoint(flow);
  }

  @Override
  public void reset(String table, String flow) {
    delete(new Path(layout.table(table)));
    delete(new Path(layout.checkpoint(flow)));
  }

  private boolean exists(Path path) {
    try {
      return fs(path).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("check " + path, e);
    }
  }

  private void delete(Path path) {
    try {
      fs(path).delete(path, true);
    } catch (IOException e) {
      throw new UncheckedIOException("delete " + path + " for full refresh", e);
    }
  }

  private FileSystem fs(Path path) throws IOException {
    return path.getFileSystem(spark.sparkContext().hadoopConfiguration());
  }
}
