package io.clickflow.pipeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The commits of a Delta table as its JSON log records them: operation, time and the data files
 * each one added. Enough for questions Delta's own APIs answer only per version, such as "when was
 * this file committed" (latency) or "which written files no commit refers to" (crash tests).
 */
public final class DeltaCommitLog {

  /**
   * @param addedFiles paths relative to the table, decoded
   */
  public record Commit(String operation, long timestampMs, List<String> addedFiles) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private DeltaCommitLog() {}

  /** Every commit file of the table, in no particular order; empty when there is no log yet. */
  public static List<Commit> read(String tablePath, Configuration conf) {
    Path log = new Path(tablePath, "_delta_log");
    List<Commit> commits = new ArrayList<>();
    try {
      FileSystem fs = log.getFileSystem(conf);
      if (!fs.exists(log)) {
        return commits;
      }
      for (FileStatus file : fs.listStatus(log, p -> p.getName().matches("\\d{20}\\.json"))) {
        commits.add(commit(fs, file.getPath()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("read the Delta log of " + tablePath, e);
    }
    return commits;
  }

  private static Commit commit(FileSystem fs, Path file) throws IOException {
    String operation = "";
    long timestamp = 0;
    List<String> added = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        JsonNode action = JSON.readTree(line);
        if (action.has("commitInfo")) {
          operation = action.get("commitInfo").path("operation").asText();
          timestamp = action.get("commitInfo").path("timestamp").asLong();
        } else if (action.has("add")) {
          added.add(
              URLDecoder.decode(action.get("add").path("path").asText(), StandardCharsets.UTF_8));
        }
      }
    } catch (FileNotFoundException e) {
      // Listed, then gone: only a log cleanup does that, and it removes no live commit.
      return new Commit("", 0, List.of());
    }
    return new Commit(operation, timestamp, List.copyOf(added));
  }
}
