package io.clickflow.monitoring.databricks;

import com.databricks.sdk.service.jobs.BaseJob;
import com.databricks.sdk.service.jobs.BaseRun;
import com.databricks.sdk.service.jobs.JobsAPI;
import com.databricks.sdk.service.jobs.ListJobsRequest;
import com.databricks.sdk.service.jobs.ListRunsRequest;
import com.databricks.sdk.service.jobs.RunLifeCycleState;
import com.databricks.sdk.service.jobs.RunResultState;
import com.databricks.sdk.service.jobs.RunState;
import com.databricks.sdk.service.jobs.RunStatus;
import com.databricks.sdk.service.jobs.TerminationCodeCode;
import io.clickflow.monitoring.EventLogSummary;
import io.clickflow.monitoring.PipelineRunHistory;
import io.clickflow.monitoring.PipelineRunHistory.FinishedRun;
import io.clickflow.monitoring.PipelineRunReadException;
import io.clickflow.monitoring.PipelineRunSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The pipeline job's finished runs, through the Jobs API: the newest finished run gives the run
 * state and duration, the newest successful one the last success.
 *
 * <p>A job given by name is looked up once and its id remembered; a failed read forgets it, so a
 * job deleted and deployed again is found under its new id. Runs are listed newest first, one page
 * of {@link #PAGE_SIZE}, and further pages only while no successful run has been seen, up to {@link
 * #MAX_RUNS}.
 *
 * <p>A run counts as succeeded only with result SUCCESS. Runs that never started (excluded,
 * disabled, skipped because another run was still going) are not runs of the pipeline and are
 * passed over. Every other finished run, cancelled and timed-out ones included, did not do its work
 * and counts as failed.
 */
public final class DatabricksJobRuns implements PipelineRunSource {

  static final long PAGE_SIZE = 25;
  static final int MAX_RUNS = 100;

  private static final Set<RunResultState> NEVER_STARTED =
      Set.of(
          RunResultState.EXCLUDED,
          RunResultState.DISABLED,
          RunResultState.MAXIMUM_CONCURRENT_RUNS_REACHED);

  private static final Set<TerminationCodeCode> NEVER_STARTED_CODES =
      Set.of(
          TerminationCodeCode.SKIPPED,
          TerminationCodeCode.DISABLED,
          TerminationCodeCode.MAX_CONCURRENT_RUNS_EXCEEDED,
          TerminationCodeCode.MAX_JOB_QUEUE_SIZE_EXCEEDED);

  private final JobsAPI jobs;
  private final String host;
  private final Optional<String> jobName;
  private OptionalLong jobId;

  DatabricksJobRuns(JobsAPI jobs, String host, Optional<String> jobName, OptionalLong jobId) {
    this.jobs = Objects.requireNonNull(jobs, "jobs");
    this.host = Objects.requireNonNull(host, "host");
    this.jobName = Objects.requireNonNull(jobName, "jobName");
    this.jobId = Objects.requireNonNull(jobId, "jobId");
    if (jobName.isPresent() == jobId.isPresent()) {
      throw new IllegalArgumentException("give exactly one of jobName and jobId");
    }
  }

  @Override
  public String location() {
    return jobName.map(name -> "job '" + name + "'").orElseGet(() -> "job " + jobId.getAsLong())
        + " at "
        + host;
  }

  @Override
  public synchronized PipelineRunHistory read() throws PipelineRunReadException {
    long id = jobId();
    try {
      return history(id);
    } catch (RuntimeException e) {
      if (jobName.isPresent()) {
        jobId = OptionalLong.empty();
      }
      throw new PipelineRunReadException(
          location(), "list the runs of job " + id + ": " + SdkErrors.describe(e), e);
    }
  }

  private PipelineRunHistory history(long id) {
    ListRunsRequest request =
        new ListRunsRequest().setJobId(id).setCompletedOnly(true).setLimit(PAGE_SIZE);
    Iterator<BaseRun> runs = jobs.listRuns(request).iterator();
    FinishedRun lastFinished = null;
    Instant lastSuccess = null;
    int seen = 0;
    // hasNext() fetches the next page, so it is asked last.
    while (seen < MAX_RUNS && (lastSuccess == null || seen < PAGE_SIZE) && runs.hasNext()) {
      BaseRun run = runs.next();
      seen++;
      Optional<FinishedRun> finished = finished(run);
      if (finished.isEmpty()) {
        continue;
      }
      FinishedRun candidate = finished.get();
      // Listed by start time; with concurrent runs, one started earlier can end later.
      if (lastFinished == null || candidate.endTime().isAfter(lastFinished.endTime())) {
        lastFinished = candidate;
      }
      if (candidate.state() == EventLogSummary.RunState.SUCCEEDED
          && (lastSuccess == null || candidate.endTime().isAfter(lastSuccess))) {
        lastSuccess = candidate.endTime();
      }
    }
    return new PipelineRunHistory(
        Optional.ofNullable(lastFinished), Optional.ofNullable(lastSuccess));
  }

  /** The run as the exporter sees it, or empty when it never started or has no end time. */
  static Optional<FinishedRun> finished(BaseRun run) {
    Optional<EventLogSummary.RunState> state = outcome(run);
    Long end = run.getEndTime();
    if (state.isEmpty() || run.getRunId() == null || end == null || end <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        new FinishedRun(
            Long.toString(run.getRunId()), state.get(), Instant.ofEpochMilli(end), duration(run)));
  }

  /** Jobs API 2.2 still sends the classic {@code state}; {@code status} is used when alone. */
  static Optional<EventLogSummary.RunState> outcome(BaseRun run) {
    RunState state = run.getState();
    if (state != null && state.getResultState() != null) {
      RunResultState result = state.getResultState();
      if (NEVER_STARTED.contains(result)) {
        return Optional.empty();
      }
      return Optional.of(
          result == RunResultState.SUCCESS
              ? EventLogSummary.RunState.SUCCEEDED
              : EventLogSummary.RunState.FAILED);
    }
    if (state != null && state.getLifeCycleState() == RunLifeCycleState.INTERNAL_ERROR) {
      return Optional.of(EventLogSummary.RunState.FAILED);
    }
    if (state != null && state.getLifeCycleState() == RunLifeCycleState.SKIPPED) {
      return Optional.empty();
    }
    RunStatus status = run.getStatus();
    if (status != null
        && status.getTerminationDetails() != null
        && status.getTerminationDetails().getCode() != null) {
      TerminationCodeCode code = status.getTerminationDetails().getCode();
      if (NEVER_STARTED_CODES.contains(code)) {
        return Optional.empty();
      }
      return Optional.of(
          code == TerminationCodeCode.SUCCESS
              ? EventLogSummary.RunState.SUCCEEDED
              : EventLogSummary.RunState.FAILED);
    }
    return Optional.empty();
  }

  /**
   * Multi-task jobs report {@code run_duration}; single-task ones the setup, execution and cleanup
   * durations. End minus start is the fallback, which includes time spent queued.
   */
  static Duration duration(BaseRun run) {
    if (positive(run.getRunDuration())) {
      return Duration.ofMillis(run.getRunDuration());
    }
    long phases =
        orZero(run.getSetupDuration())
            + orZero(run.getExecutionDuration())
            + orZero(run.getCleanupDuration());
    if (phases > 0) {
      return Duration.ofMillis(phases);
    }
    if (positive(run.getStartTime()) && positive(run.getEndTime())) {
      return Duration.ofMillis(Math.max(0, run.getEndTime() - run.getStartTime()));
    }
    return Duration.ZERO;
  }

  private long jobId() throws PipelineRunReadException {
    if (jobId.isPresent()) {
      return jobId.getAsLong();
    }
    String name = jobName.orElseThrow();
    List<Long> ids = new ArrayList<>();
    try {
      // The server's name filter ignores case; bundle deploys match names exactly.
      for (BaseJob job : jobs.list(new ListJobsRequest().setName(name))) {
        if (job.getJobId() != null
            && job.getSettings() != null
            && name.equals(job.getSettings().getName())) {
          ids.add(job.getJobId());
        }
      }
    } catch (RuntimeException e) {
      throw new PipelineRunReadException(
          location(), "find the job named '" + name + "': " + SdkErrors.describe(e), e);
    }
    if (ids.isEmpty()) {
      throw new PipelineRunReadException(
          location(),
          "no job is named '"
              + name
              + "' — a bundle deployed in development mode prefixes the name with"
              + " '[dev <user>] '; give the job's full name (--databricks-job-name) or its id"
              + " (--databricks-job-id)",
          null);
    }
    if (ids.size() > 1) {
      throw new PipelineRunReadException(
          location(),
          ids.size()
              + " jobs are named '"
              + name
              + "' (ids "
              + ids
              + "); pick one with --databricks-job-id",
          null);
    }
    jobId = OptionalLong.of(ids.get(0));
    return ids.get(0);
  }

  private static boolean positive(Long value) {
    return value != null && value > 0;
  }

  private static long orZero(Long value) {
    return value == null || value < 0 ? 0 : value;
  }
}
