package io.clickflow.monitoring;

import io.clickflow.monitoring.EventLogSummary.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link PipelineRunSource} knows about the pipeline's recent runs.
 *
 * @param lastFinished the run that finished last; empty when none finished yet
 * @param lastSuccess when the newest successful run finished; empty when none of the runs looked at
 *     succeeded
 */
public record PipelineRunHistory(
    Optional<FinishedRun> lastFinished, Optional<Instant> lastSuccess) {

  /** Nothing known: the event log alone decides. */
  public static final PipelineRunHistory NONE =
      new PipelineRunHistory(Optional.empty(), Optional.empty());

  public PipelineRunHistory {
    Objects.requireNonNull(lastFinished, "lastFinished");
    Objects.requireNonNull(lastSuccess, "lastSuccess");
  }

  /**
   * One finished run.
   *
   * @param runId the scheduler's id of the run
   * @param state SUCCEEDED only when the run did all its work; a failed, timed-out or cancelled run
   *     is FAILED
   * @param endTime when the run finished
   * @param duration the run's wall time
   */
  public record FinishedRun(String runId, RunState state, Instant endTime, Duration duration) {
    public FinishedRun {
      ExpectationResult.requireNonBlank(runId, "runId");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(endTime, "endTime");
      Objects.requireNonNull(duration, "duration");
      if (duration.isNegative()) {
        throw new IllegalArgumentException("duration must not be negative, got " + duration);
      }
    }
  }
}
