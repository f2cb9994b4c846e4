package io.clickflow.bundle.workspace;

import java.util.Objects;
import java.util.Optional;

/**
 * One task of a run, as of the last poll.
 *
 * @param runId the task run's own id, which {@code runs/get-output} takes
 * @param lifeCycleState for example PENDING, RUNNING, TERMINATED, SKIPPED
 * @param resultState set once the task has ended: SUCCESS, FAILED, UPSTREAM_FAILED, ...
 * @param stateMessage the workspace's short explanation, may be empty
 * @param startTime epoch milliseconds, 0 when not started
 */
public record TaskRun(
    String taskKey,
    long runId,
    String lifeCycleState,
    Optional<String> resultState,
    String stateMessage,
    long startTime) {
  public TaskRun {
    Objects.requireNonNull(taskKey, "taskKey");
    Objects.requireNonNull(lifeCycleState, "lifeCycleState");
    Objects.requireNonNull(resultState, "resultState");
    stateMessage = stateMessage == null ? "" : stateMessage;
  }

  /** The task's state as printed: {@code RUNNING}, or {@code TERMINATED FAILED} once it ended. */
  public String describe() {
    return resultState.map(result -> lifeCycleState + " " + result).orElse(lifeCycleState);
  }
}
