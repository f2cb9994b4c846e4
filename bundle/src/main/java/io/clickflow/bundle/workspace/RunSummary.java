package io.clickflow.bundle.workspace;

import java.util.Objects;
import java.util.Optional;

/**
 * One line of a job's run history.
 *
 * @param startTime epoch milliseconds, 0 when the run has not started
 * @param durationMillis how long the run took; empty while it runs or when the workspace did not
 *     say
 */
public record RunSummary(
    long runId,
    long startTime,
    Optional<Long> durationMillis,
    String lifeCycleState,
    Optional<String> resultState,
    String runPageUrl) {
  public RunSummary {
    Objects.requireNonNull(durationMillis, "durationMillis");
    Objects.requireNonNull(lifeCycleState, "lifeCycleState");
    Objects.requireNonNull(resultState, "resultState");
    runPageUrl = runPageUrl == null ? "" : runPageUrl;
  }

  /** The result once the run ended, else where it is in its life cycle. */
  public String state() {
    return resultState.orElse(lifeCycleState);
  }
}
