package io.clickflow.bundle.workspace;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The part of a Databricks workspace that the control commands use: the Jobs API and the identity
 * the client is signed in as.
 *
 * <p>Every method either returns what the workspace answered or throws {@link WorkspaceException}
 * with one line naming the action, the workspace and the cause. Transient answers (429, 503,
 * connection resets) have already been retried by the implementation before it throws.
 */
public interface JobsClient {

  /** The workspace URL, without a trailing slash, for messages and run links. */
  String host();

  /** Who the client authenticates as; resolves {@code ${workspace.current_user.*}}. */
  CurrentUser currentUser();

  /** Ids of every job whose name is exactly {@code name}; usually none or one. */
  List<Long> jobIdsNamed(String name);

  /** The job's full settings, every page of tasks included. */
  DeployedJob getJob(long jobId);

  /**
   * Triggers a run.
   *
   * @param jobParameters values for job-level parameters; empty keeps the job's defaults
   * @param onlyTasks task keys to run; empty runs every task
   * @param idempotencyToken the workspace starts at most one run per token, which makes a retried
   *     request safe
   * @return the new run's id
   */
  long runNow(
      long jobId,
      Map<String, String> jobParameters,
      List<String> onlyTasks,
      String idempotencyToken);

  /** The run's current state and the state of each of its task runs. */
  RunSnapshot getRun(long runId);

  /** The error a failed task run reported, if the workspace kept one. */
  Optional<String> taskError(long taskRunId);

  /** The job's most recent runs, newest first, at most {@code limit}. */
  List<RunSummary> recentRuns(long jobId, int limit);
}
