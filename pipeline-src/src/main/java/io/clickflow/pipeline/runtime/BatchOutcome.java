package io.clickflow.pipeline.runtime;

import java.time.Instant;
import java.util.List;

/**
 * What a flow's batch function reports about one micro-batch; merged with Spark's own progress into
 * an event log row.
 *
 * <p>Input rows are counted here, not taken from Spark's progress: Spark counts a source's rows
 * once per scan, and a batch function that reads its batch twice would be counted twice.
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
