package io.clickflow.pipeline.runtime;

import java.time.Instant;
import java.util.List;

/**
 * What a flow's batch function reports about one micro-batch; merged with Spark's own progress into
 * an event log row.
 *
 * @param maxEventTime the largest event time written, or null when the batch had none
 */
public record BatchOutcome(
    long outputRows,
    long droppedRecords,
    List<ExpectationResult> expectations,
    long rescuedRecords,
    long corruptRecords,
    Instant maxEventTime) {

  public BatchOutcome {
    expectations = List.copyOf(expectations);
  }

  public static BatchOutcome rows(long outputRows, Instant maxEventTime) {
    return new BatchOutcome(outputRows, 0, List.of(), 0, 0, maxEventTime);
  }
}
