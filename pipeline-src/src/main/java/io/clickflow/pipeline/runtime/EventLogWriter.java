package io.clickflow.pipeline.runtime;

import static io.clickflow.contract.EventLog.BACKLOG_BYTES;
import static io.clickflow.contract.EventLog.BACKLOG_FILES;
import static io.clickflow.contract.EventLog.BATCH_ID;
import static io.clickflow.contract.EventLog.CORRUPT_RECORDS;
import static io.clickflow.contract.EventLog.DATASET;
import static io.clickflow.contract.EventLog.DATA_QUALITY;
import static io.clickflow.contract.EventLog.DROPPED_RECORDS;
import static io.clickflow.contract.EventLog.DURATION_MS;
import static io.clickflow.contract.EventLog.EMPTY_LINES;
import static io.clickflow.contract.EventLog.EXPECTATIONS;
import static io.clickflow.contract.EventLog.INPUT_ROWS;
import static io.clickflow.contract.EventLog.LATE_RECORDS;
import static io.clickflow.contract.EventLog.MAX_EVENT_TIME;
import static io.clickflow.contract.EventLog.OUTPUT_ROWS;
import static io.clickflow.contract.EventLog.RESCUED_RECORDS;
import static io.clickflow.contract.EventLog.RUN_ID;
import static io.clickflow.contract.EventLog.TIMESTAMP;
import static io.clickflow.contract.EventLog.WATERMARK;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.clickflow.contract.EventLog;
import io.clickflow.contract.TableConventions;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Appends flow progress rows to the event log table; see {@link EventLog} for the columns. */
public final class EventLogWriter {

  // Nullable inside the array: Delta cannot enforce NOT NULL nested in arrays and refuses it.
  static final StructType EXPECTATION =
      new StructType()
          .add(EventLog.Expectation.NAME, StringType)
          .add(EventLog.Expectation.DATASET, StringType)
          .add(EventLog.Expectation.ACTION, StringType)
          .add(EventLog.Expectation.PASSED_RECORDS, LongType)
          .add(EventLog.Expectation.FAILED_RECORDS, LongType);

  public static final StructType SCHEMA =
      new StructType()
          .add(TIMESTAMP, TimestampType, false)
          .add(RUN_ID, StringType, false)
          .add(DATASET, StringType, false)
          .add(BATCH_ID, LongType, false)
          .add(INPUT_ROWS, LongType, false)
          .add(OUTPUT_ROWS, LongType, false)
          .add(DURATION_MS, LongType, false)
          .add(
              DATA_QUALITY,
              new StructType()
                  .add(DROPPED_RECORDS, LongType, false)
                  .add(EXPECTATIONS, DataTypes.createArrayType(EXPECTATION, false), false),
              false)
          .add(LATE_RECORDS, LongType, false)
          .add(RESCUED_RECORDS, LongType, false)
          .add(CORRUPT_RECORDS, LongType, false)
          .add(EMPTY_LINES, LongType, false)
          .add(WATERMARK, TimestampType)
          .add(MAX_EVENT_TIME, TimestampType)
          .add(BACKLOG_FILES, LongType)
          .add(BACKLOG_BYTES, LongType)
          .add(EventLog.STATUS, StringType, false);

  private final SparkSession spark;
  private final TableStore store;
  private long appends;
  private final List<Future<?>> background = new ArrayList<>();
  private ExecutorService backgroundWriter;

  public EventLogWriter(SparkSession spark, TableStore store) {
    this.spark = spark;
    this.store = store;
    store.declare(
        EventLog.TABLE,
        new TableDeclaration(
            "One row per flow micro-batch: rows, expectations, watermark, late and rescued data.",
            Map.of(TableConventions.QUALITY_PROPERTY, "system", "delta.appendOnly", "true")));
  }

  /** Appends in order; views refreshing side by side call it from several threads. */
  public synchronized void append(List<FlowProgressRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    List<Row> rows = records.stream().map(EventLogWriter::toRow).toList();
    store.createIfMissing(EventLog.TABLE, SCHEMA);
    String runId = records.get(0).runId();
    // A run's appends are numbered anew by each run and never repeated: nothing to look up first.
    store.append(
        spark.createDataFrame(rows, SCHEMA),
        EventLog.TABLE,
        "event_log:" + runId,
        appends++,
        false);
  }

  /**
   * Appends on a background thread, in the order given, so that the next flow starts meanwhile; a
   * failure surfaces in {@link #awaitBackground}.
   */
  public void appendInBackground(List<FlowProgressRecord> records) {
    List<FlowProgressRecord> copy = List.copyOf(records);
    synchronized (background) {
      if (backgroundWriter == null) {
        backgroundWriter =
            Executors.newSingleThreadExecutor(PipelineRunner.daemonThreads("clickflow-event-log"));
      }
      background.add(backgroundWriter.submit(() -> append(copy)));
    }
  }

  /**
   * Waits for the background appends, even when interrupted (the interrupt is kept), so that no row
   * is left to a thread the JVM may not wait for; throws the first one's failure.
   */
  public void awaitBackground() {
    List<Future<?>> pending;
    synchronized (background) {
      pending = new ArrayList<>(background);
      background.clear();
    }
    RuntimeException failure = null;
    boolean interrupted = false;
    for (Future<?> append : pending) {
      while (true) {
        try {
          append.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (failure == null) {
            failure =
                e.getCause() instanceof RuntimeException cause
                    ? cause
                    : new IllegalStateException(e.getCause());
          }
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw failure;
    }
  }

  static Row toRow(FlowProgressRecord r) {
    BatchOutcome o = r.outcome();
    List<Row> expectations =
        o.expectations().stream()
            .map(
                e ->
                    RowFactory.create(
                        e.name(), e.dataset(), e.action().name(), e.passed(), e.failed()))
            .toList();
    return RowFactory.create(
        ts(r.timestamp()),
        r.runId(),
        r.dataset(),
        r.batchId(),
        o.inputRows(),
        o.outputRows(),
        r.durationMs(),
        RowFactory.create(o.droppedRecords(), expectations),
        r.lateRecords(),
        o.rescuedRecords(),
        o.corruptRecords(),
        o.emptyLines(),
        ts(r.watermark()),
        ts(o.maxEventTime()),
        r.backlogFiles(),
        r.backlogBytes(),
        r.failed() ? EventLog.STATUS_FAILED : EventLog.STATUS_COMPLETED);
  }

  private static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
