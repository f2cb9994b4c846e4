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
 * @param viewRefreshInterval in continuous mode, the least time between two refreshes of the
 *     materialized views (they are recomputed in full, so they are not refreshed every trigger)
 */
public record RunOptions(
    String runId,
    Set<String> tags,
    TagMode tagMode,
    Set<String> fullRefresh,
    boolean continuous,
    Duration triggerInterval,
    Duration viewRefreshInterval) {

  /** Views refresh at least this far apart in continuous mode unless told otherwise. */
  public static final Duration DEFAULT_VIEW_REFRESH = Duration.ofMinutes(1);

  public RunOptions(
      String runId,
      Set<String> tags,
      TagMode tagMode,
      Set<String> fullRefresh,
      boolean continuous,
      Duration triggerInterval) {
    this(runId, tags, tagMode, fullRefresh, continuous, triggerInterval, DEFAULT_VIEW_REFRESH);
  }

  public RunOptions {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(tagMode, "tagMode");
    tags = Set.copyOf(tags);
    fullRefresh = Set.copyOf(fullRefresh);
    if (triggerInterval == null || triggerInterval.isNegative() || triggerInterval.isZero()) {
      throw new IllegalArgumentException("trigger interval must be positive");
    }
    if (viewRefreshInterval == null || viewRefreshInterval.isNegative()) {
      throw new IllegalArgumentException("view refresh interval must not be negative");
    }
  }
}
