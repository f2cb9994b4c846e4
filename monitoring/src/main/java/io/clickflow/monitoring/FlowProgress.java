package io.clickflow.monitoring;

import static io.clickflow.monitoring.ExpectationResult.requireNonBlank;
import static io.clickflow.monitoring.ExpectationResult.requireNonNegative;

import io.clickflow.contract.EventLog;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One row of the event log: the progress of one micro-batch of one dataset. Field meanings are
 * those of {@link io.clickflow.contract.EventLog}.
 *
 * @param watermark event-time watermark after the batch; null for stateless flows
 * @param maxEventTime largest event time the batch wrote; null when the batch wrote nothing
 * @param backlogFiles files still waiting after the batch; null when the source cannot tell
 * @param failed whether the batch failed instead of committing; see {@link
 *     FlowProgressBatchMapper#STATUS}
 */
public record FlowProgress(
    Instant timestamp,
    String runId,
    String dataset,
    long batchId,
    long inputRows,
    long outputRows,
    long durationMs,
    long droppedRecords,
    List<ExpectationResult> expectations,
    long lateRecords,
    long rescuedRecords,
    long corruptRecords,
    Instant watermark,
    Instant maxEventTime,
    Long backlogFiles,
    boolean failed) {

  /**
   * The event log columns every reader requires. Watermark, max event time, backlog and status are
   * nullable, and logs written before a column existed lack it, so a writer may leave them out.
   */
  public static final List<String> REQUIRED_COLUMNS =
      List.of(
          EventLog.TIMESTAMP,
          EventLog.RUN_ID,
          EventLog.DATASET,
          EventLog.BATCH_ID,
          EventLog.INPUT_ROWS,
          EventLog.OUTPUT_ROWS,
          EventLog.DURATION_MS,
          EventLog.DATA_QUALITY,
          EventLog.LATE_RECORDS,
          EventLog.RESCUED_RECORDS,
          EventLog.CORRUPT_RECORDS);

  public FlowProgress {
    Objects.requireNonNull(timestamp, "timestamp must not be null");
    requireNonBlank(runId, "runId");
    requireNonBlank(dataset, "dataset");
    requireNonNegative(inputRows, "inputRows");
    requireNonNegative(outputRows, "outputRows");
    requireNonNegative(durationMs, "durationMs");
    requireNonNegative(droppedRecords, "droppedRecords");
    expectations = List.copyOf(Objects.requireNonNull(expectations, "expectations"));
    requireNonNegative(lateRecords, "lateRecords");
    requireNonNegative(rescuedRecords, "rescuedRecords");
    requireNonNegative(corruptRecords, "corruptRecords");
    if (backlogFiles != null) {
      requireNonNegative(backlogFiles, "backlogFiles");
    }
  }
}
