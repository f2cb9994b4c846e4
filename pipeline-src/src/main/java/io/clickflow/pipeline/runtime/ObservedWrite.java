package io.clickflow.pipeline.runtime;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** An idempotent append that also reports how many rows it wrote and their latest event time. */
public final class ObservedWrite {

  private ObservedWrite() {}

  public static BatchOutcome append(
      TableStore store, Dataset<Row> rows, String table, long batchId, String eventTimeColumn) {
    Observation observation = new Observation(table + "_write_" + batchId);
    Dataset<Row> observed =
        rows.observe(
            observation,
            count(lit(1)).as("rows"),
            eventTimeColumn == null
                ? lit(null).cast("timestamp").as("max_event_time")
                : max(functions.col(eventTimeColumn)).as("max_event_time"));
    store.append(observed, table, table, batchId);
    Map<String, Object> metrics = await(observation);
    long written = ((Number) metrics.get("rows")).longValue();
    return BatchOutcome.rows(written, written, instant(metrics.get("max_event_time")));
  }

  /** Replaces a table's contents and returns how many rows it now holds, counted while writing. */
  public static long overwrite(TableStore store, Dataset<Row> rows, String table) {
    // Unnamed: a view is refreshed many times in one session and names must not repeat.
    Observation observation = new Observation();
    store.overwrite(rows.observe(observation, count(lit(1)).as("rows")), table);
    return ((Number) await(observation).get("rows")).longValue();
  }

  /** Observed timestamps arrive as java.sql.Timestamp, or as Instant with the Java 8 time API. */
  public static Instant instant(Object value) {
    return value instanceof Timestamp ts ? ts.toInstant() : (Instant) value;
  }

  public static Map<String, Object> await(Observation observation) {
    try {
      return observation.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for write metrics", e);
    }
  }
}
