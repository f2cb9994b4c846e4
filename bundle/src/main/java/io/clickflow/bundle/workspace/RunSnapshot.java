package io.clickflow.bundle.workspace;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A run as of one {@code runs/get}.
 *
 * @param runPageUrl link to the run in the workspace UI, may be empty
 * @param lifeCycleState for example QUEUED, RUNNING, TERMINATED, INTERNAL_ERROR
 * @param resultState set once the run has ended
 */
public record RunSnapshot(
    long runId,
    String runPageUrl,
    String lifeCycleState,
    Optional<String> resultState,
    String stateMessage,
    List<TaskRun> tasks) {

  // The run will not change again in these states (Jobs API RunLifeCycleState).
  private static final Set<String> FINAL_STATES = Set.of("TERMINATED", "SKIPPED", "INTERNAL_ERROR");

  public RunSnapshot {
    Objects.requireNonNull(lifeCycleState, "lifeCycleState");
    Objects.requireNonNull(resultState, "resultState");
    runPageUrl = runPageUrl == null ? "" : runPageUrl;
    stateMessage = stateMessage == null ? "" : stateMessage;
    tasks = List.copyOf(tasks);
  }

  public boolean isFinished() {
    return FINAL_STATES.contains(lifeCycleState);
  }

  /**
   * Only SUCCESS counts: SUCCESS_WITH_FAILURES means some task failed and was tolerated by a run-if
   * rule, which a deploy smoke run must not hide.
   */
  public boolean succeeded() {
    return isFinished() && resultState.filter("SUCCESS"::equals).isPresent();
  }
}
