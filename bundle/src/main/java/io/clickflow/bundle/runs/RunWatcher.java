package io.clickflow.bundle.runs;

import io.clickflow.bundle.control.Sleeper;
import io.clickflow.bundle.workspace.JobsClient;
import io.clickflow.bundle.workspace.RunSnapshot;
import io.clickflow.bundle.workspace.TaskRun;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Polls a run with {@code runs/get} until it ends, printing a line whenever the run or one of its
 * tasks changes state. Waiting is bounded by a timeout; the run itself is left alone when the
 * timeout passes, since stopping it is the job's own timeout's business.
 */
final class RunWatcher {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  /**
   * The last state seen.
   *
   * @param timedOut true when waiting stopped before the run ended
   */
  record Outcome(RunSnapshot last, boolean timedOut) {}

  private final JobsClient client;
  private final Sleeper sleeper;
  private final Clock clock;
  private final Duration pollInterval;
  private final Duration timeout;
  private final PrintWriter out;

  RunWatcher(
      JobsClient client,
      Sleeper sleeper,
      Clock clock,
      Duration pollInterval,
      Duration timeout,
      PrintWriter out) {
    this.client = Objects.requireNonNull(client, "client");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pollInterval = requirePositiveOrZero(pollInterval, "pollInterval");
    this.timeout = requirePositiveOrZero(timeout, "timeout");
    this.out = Objects.requireNonNull(out, "out");
  }

  /**
   * @throws InterruptedException when interrupted between polls; the run goes on in the workspace
   */
  Outcome watch(long runId) throws InterruptedException {
    Instant deadline = clock.instant().plus(timeout);
    String runState = null;
    Map<String, String> taskStates = new HashMap<>();
    while (true) {
      RunSnapshot run = client.getRun(runId);
      for (TaskRun task : run.tasks()) {
        String state = task.describe();
        if (!state.equals(taskStates.put(task.taskKey(), state))) {
          print("task " + task.taskKey(), state, finished(task) ? "" : task.stateMessage());
        }
      }
      // The run's own line comes after its tasks': it ends when they have ended.
      String described =
          run.resultState().map(r -> run.lifeCycleState() + " " + r).orElse(run.lifeCycleState());
      if (!described.equals(runState)) {
        print("run " + runId, described, run.stateMessage());
        runState = described;
      }
      if (run.isFinished()) {
        return new Outcome(run, false);
      }
      if (!clock.instant().isBefore(deadline)) {
        return new Outcome(run, true);
      }
      sleeper.sleep(pollInterval);
    }
  }

  // A finished task's message is the error, which the failure line reports in full.
  private static boolean finished(TaskRun task) {
    return task.resultState().isPresent();
  }

  private void print(String subject, String state, String message) {
    String detail =
        Optional.ofNullable(message)
            .map(m -> m.strip().lines().findFirst().orElse(""))
            .filter(m -> !m.isBlank())
            .map(m -> " — " + m)
            .orElse("");
    out.println(TIME.format(clock.instant()) + "  " + subject + ": " + state + detail);
    out.flush();
  }

  private static Duration requirePositiveOrZero(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + duration);
    }
    return duration;
  }
}
