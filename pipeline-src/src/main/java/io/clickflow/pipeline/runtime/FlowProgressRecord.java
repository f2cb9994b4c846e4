package io.clickflow.pipeline.runtime;

import java.time.Instant;
import java.util.Objects;

/**
 * One event log row: Spark's progress of one micro-batch merged with what the batch function
 * reported.
 *
 * @param watermark null for flows without an event-time watermark
 * @param backlogFiles null when the source does not report a backlog
 * @param backlogBytes null when the source does not report a backlog
 * @param failed the batch stopped its flow instead of committing
 */
public record FlowProgressRecord(
    Instant timestamp,
    String runId,
    String dataset,
    long batchId,
    long durationMs,
    BatchOutcome outcome,
    long lateRecords,
    Instant watermark,
    Long backlogFiles,
    Long backlogBytes,
    boolean failed) {

  public FlowProgressRecord {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** The row that records a flow's failure; its counts are zero because nothing committed. */
  public static FlowProgressRecord failure(
      Instant timestamp, String runId, String dataset, long batchId) {
    return new FlowProgressRecord(
        timestamp,
        runId,
        dataset,
        batchId,
        0,
        BatchOutcome.rows(0, 0, null),
        0,
        null,
        null,
        null,
        true);
  }
}
