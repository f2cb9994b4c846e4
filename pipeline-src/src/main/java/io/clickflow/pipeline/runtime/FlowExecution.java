package io.clickflow.pipeline.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

/**
 * One streaming table's query: started with its own checkpoint, and drained into event log rows
 * from Spark's progress of each batch, observed metrics included.
 */
final class FlowExecution {

  private final StreamingTableDefinition definition;
  private final PipelineContext ctx;
  private final String runId;
  private StreamingQuery query;
  private long drained = -1;

  FlowExecution(StreamingTableDefinition definition, PipelineContext ctx, String runId) {
    this.definition = definition;
    this.ctx = ctx;
    this.runId = runId;
  }

  String name() {
    return definition.spec().name();
  }

  void start(Trigger trigger) {
    Dataset<Row> source = definition.source(ctx);
    // A definition whose input this run created was not checked in the pre-flight; this is its
    // last chance before Spark runs it.
    PipelineRunner.checkStreamingPlan(name(), source);
    String checkpoint = ctx.store().checkpoint(name());
    try {
      query =
          source
              .writeStream()
              .queryName(name())
              .option("checkpointLocation", checkpoint)
              .trigger(trigger)
              .foreachBatch(
                  new BatchWriter(
                      definition,
                      ctx,
                      unfinishedBatch(CheckpointFiles.of(ctx.spark()), checkpoint)))
              .start();
    } catch (TimeoutException e) {
      throw new IllegalStateException("start flow " + name(), e);
    }
  }

  StreamingQuery query() {
    return query;
  }

  /** Event log rows for every batch that both finished and reported progress since last call. */
  List<FlowProgressRecord> drain() {
    List<FlowProgressRecord> records = new ArrayList<>();
    for (StreamingQueryProgress p : query.recentProgress()) {
      if (p.batchId() <= drained) {
        continue; // seen already
      }
      drained = p.batchId();
      BatchOutcome outcome = definition.outcome(new ObservedMetrics(p.observedMetrics()));
      long late =
          Arrays.stream(p.stateOperators())
              .mapToLong(StateOperatorProgress::numRowsDroppedByWatermark)
              .sum();
      if (outcome.inputRows() == 0 && outcome.outputRows() == 0 && late == 0) {
        continue; // a trigger that found no new data
      }
      records.add(
          new FlowProgressRecord(
              // Progress carries the trigger's start; the event log records the commit.
              Instant.parse(p.timestamp()).plusMillis(p.batchDuration()),
              runId,
              name(),
              p.batchId(),
              p.batchDuration(),
              outcome,
              late,
              watermark(p.eventTime()),
              backlog(p.sources(), "numFilesOutstanding"),
              backlog(p.sources(), "numBytesOutstanding"),
              false));
    }
    return records;
  }

  /**
   * The batch a start runs again: the last one the checkpoint's offset log planned, when its commit
   * log lacks it (an earlier start stopped during it, and may have written some of it); -1 when
   * there is none. Spark runs every later batch for the first time.
   */
  static long unfinishedBatch(CheckpointFiles files, String checkpoint) {
    try {
      OptionalLong planned = files.lastBatch(checkpoint + "/offsets");
      if (planned.isEmpty()) {
        return -1;
      }
      OptionalLong committed = files.lastBatch(checkpoint + "/commits");
      return committed.isPresent() && committed.getAsLong() >= planned.getAsLong()
          ? -1
          : planned.getAsLong();
    } catch (IOException e) {
      throw new UncheckedIOException("read the streaming logs of " + checkpoint, e);
    }
  }

  /** The id of the batch that was running when the query stopped with an error. */
  long failedBatchId() {
    StreamingQueryProgress last = query.lastProgress();
    return last == null ? 0 : last.batchId() + 1;
  }

  /**
   * The function Spark calls with each micro-batch. It is serialised to where batches run (the
   * Spark Connect server, on serverless), so it holds only serialisable parts and no session: the
   * context is rebuilt in the session of each batch.
   */
  static final class BatchWriter implements VoidFunction2<Dataset<Row>, Long> {

    private static final long serialVersionUID = 1L;

    private final StreamingTableDefinition definition;
    private final TableStore store;
    private final PipelineSettings settings;
    private final Clock clock;
    private final boolean flowsOverlap;

    /** The batch this query start runs again, see {@link #unfinishedBatch}; -1 for none. */
    private final long unfinishedBatch;

    BatchWriter(StreamingTableDefinition definition, PipelineContext ctx, long unfinishedBatch) {
      this.definition = definition;
      this.store = ctx.store();
      this.settings = ctx.settings();
      this.clock = ctx.clock();
      this.flowsOverlap = ctx.flowsOverlap();
      this.unfinishedBatch = unfinishedBatch;
    }

    @Override
    public void call(Dataset<Row> batch, Long batchId) {
      SparkSession session = batch.sparkSession();
      boolean mayReplay = batchId <= unfinishedBatch;
      definition.writeBatch(
          batch,
          batchId,
          new PipelineContext(
              session, store.inSession(session), settings, clock, flowsOverlap, mayReplay));
    }
  }

  private static Instant watermark(Map<String, String> eventTime) {
    String value = eventTime.get("watermark");
    if (value == null) {
      return null;
    }
    Instant watermark = Instant.parse(value);
    return watermark.equals(Instant.EPOCH) ? null : watermark;
  }

  /** A backlog metric summed over sources; Delta sources report it, plain file sources do not. */
  private static Long backlog(SourceProgress[] sources, String metric) {
    long total = 0;
    boolean known = false;
    for (SourceProgress source : sources) {
      String value = source.metrics().get(metric);
      if (value != null) {
        total += Long.parseLong(value);
        known = true;
      }
    }
    return known ? total : null;
  }
}
