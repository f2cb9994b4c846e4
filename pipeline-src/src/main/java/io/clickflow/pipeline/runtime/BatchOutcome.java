package io.clickflow.pipeline.runtime;

import java.time.Instant;
import java.util.List;

/**
 * What one micro-batch of a flow did, as the flow's observations counted it; merged with the rest
 * of Spark's progress into an event log row.
 *
 * <p>Input rows are observed on the stream, after the flow's stateful operators, rather than taken
 * from the progress's source counts, which count the rows read before dedup.
 *
 * @param inputRows rows the batch function received (after the flow's stateful operators)
 * @param maxEventTime the largest event time written, or null when the batch had none
 */
public record BatchOutcome(
    long inputRows,
    long outputRows,
    long droppedRecords,
    List<ExpectationResult> expectations,
    long rescuedRecords,
    long corruptRecords,
    long emptyLines,
    Instant maxEventTime) {

  public BatchOutcome {
    expectations = List.copyOf(expectations);
  }

  public static BatchOutcome rows(long inputRows, long outputRows, Instant maxEventTime) {
    return new BatchOutcome(inputRows, outputRows, 0, List.of(), 0, 0, 0, maxEventTime);
  }
}
