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
    Long backlogBytes) {

  public FlowProgressRecord {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(outcome, "outcome");
  }
}
