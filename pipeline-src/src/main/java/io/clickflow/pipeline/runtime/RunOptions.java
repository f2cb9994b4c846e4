package io.clickflow.pipeline.runtime;

import io.clickflow.pipeline.graph.DatasetGraph.TagMode;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How one {@code pipeline run} behaves.
 *
 * @param continuous false: process what is there and stop (availableNow); true: keep running
 * @param triggerInterval micro-batch interval in continuous mode
 * @param fullRefresh datasets whose tables and checkpoints are reset before the run
 */
public record RunOptions(
    String runId,
    Set<String> tags,
    TagMode tagMode,
    Set<String> fullRefresh,
    boolean continuous,
    Duration triggerInterval) {

  public RunOptions {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(tagMode, "tagMode");
    tags = Set.copyOf(tags);
    fullRefresh = Set.copyOf(fullRefresh);
    if (triggerInterval == null || triggerInterval.isNegative() || triggerInterval.isZero()) {
      throw new IllegalArgumentException("trigger interval must be positive");
    }
  }
}
