package io.clickflow.bundle.workspace.sdk;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.utils.SerDeUtils;
import com.databricks.sdk.service.iam.MeRequest;
import com.databricks.sdk.service.iam.User;
import com.databricks.sdk.service.jobs.BaseJob;
import com.databricks.sdk.service.jobs.BaseRun;
import com.databricks.sdk.service.jobs.GetJobRequest;
import com.databricks.sdk.service.jobs.GetRunOutputRequest;
import com.databricks.sdk.service.jobs.GetRunRequest;
import com.databricks.sdk.service.jobs.Job;
import com.databricks.sdk.service.jobs.JobSettings;
import com.databricks.sdk.service.jobs.ListJobsRequest;
import com.databricks.sdk.service.jobs.ListRunsRequest;
import com.databricks.sdk.service.jobs.Run;
import com.databricks.sdk.service.jobs.RunNow;
import com.databricks.sdk.service.jobs.RunOutput;
import com.databricks.sdk.service.jobs.RunState;
import com.databricks.sdk.service.jobs.RunStatus;
import com.databricks.sdk.service.jobs.RunTask;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickflow.bundle.workspace.CurrentUser;
import io.clickflow.bundle.workspace.DeployedJob;
import io.clickflow.bundle.workspace.JobsClient;
import io.clickflow.bundle.workspace.RunSnapshot;
import io.clickflow.bundle.workspace.RunSummary;
import io.clickflow.bundle.workspace.TaskRun;
import io.clickflow.bundle.workspace.WorkspaceException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link JobsClient} over databricks-sdk-java. This class and its connector are the only places
 * that call the SDK's services; SDK exceptions become {@link WorkspaceException} here, once.
 *
 * <p>Retries are the SDK's: it repeats requests answered with 429 or 503 (honouring Retry-After)
 * and, for reads, other transient failures, with a bounded number of attempts.
 */
public final class SdkJobsClient implements JobsClient {
  // Jobs API 2.2 returns at most 25 runs per page.
  private static final long RUNS_PAGE_LIMIT = 25;
  private static final String CONFIGURE =
      " — set DATABRICKS_HOST with DATABRICKS_TOKEN or OAuth client credentials, pass --profile,"
          + " or set DATABRICKS_AUTH_TYPE=github-oidc in GitHub Actions";

  private final WorkspaceClient workspace;
  private final String host;
  private final ObjectMapper json = SerDeUtils.createMapper();

  public SdkJobsClient(WorkspaceClient workspace) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
    String configured = workspace.config().getHost();
    this.host = configured == null ? "" : configured.replaceAll("/+$", "");
  }

  /**
   * Builds the SDK client. The SDK resolves the rest of the configuration (environment, profile,
   * OIDC) and picks the credentials; a configuration that cannot work fails here.
   */
  public static SdkJobsClient connect(DatabricksConfig config) {
    WorkspaceClient workspace;
    try {
      workspace = new WorkspaceClient(config);
    } catch (RuntimeException e) {
      // The SDK reports an unusable configuration with DatabricksException or, for some missing
      // settings, with a bare NullPointerException; both mean the same to the user.
      throw new WorkspaceException(
          "connect to Databricks: " + firstLine(e.getMessage()) + CONFIGURE, false, e);
    }
    String host = workspace.config().getHost();
    if (host == null || host.isBlank()) {
      throw new WorkspaceException(
          "connect to Databricks: no workspace host is configured" + CONFIGURE);
    }
    return new SdkJobsClient(workspace);
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public CurrentUser currentUser() {
    User me = call("read the current user", () -> workspace.currentUser().me(new MeRequest()));
    if (me.getUserName() == null) {
      throw new WorkspaceException(
          "read the current user on " + host + ": the workspace returned no user name");
    }
    return new CurrentUser(me.getUserName(), me.getDisplayName());
  }

  @Override
  public List<Long> jobIdsNamed(String name) {
    return call(
        "list jobs named '" + name + "'",
        () -> {
          List<Long> ids = new ArrayList<>();
          // The name filter is case-insensitive on the server; deploys match names exactly.
          for (BaseJob job : workspace.jobs().list(new ListJobsRequest().setName(name))) {
            JobSettings settings = job.getSettings();
            if (job.getJobId() != null && settings != null && name.equals(settings.getName())) {
              ids.add(job.getJobId());
            }
          }
          return ids;
        });
  }

  @Override
  public DeployedJob getJob(long jobId) {
    return call(
        "read job " + jobId,
        () -> {
          Job job = workspace.jobs().get(new GetJobRequest().setJobId(jobId));
          JobSettings settings = job.getSettings() == null ? new JobSettings() : job.getSettings();
          // Jobs API 2.2 pages the arrays of jobs with more than 100 tasks.
          String pageToken = job.getNextPageToken();
          while (pageToken != null && !pageToken.isEmpty()) {
            Job page =
                workspace.jobs().get(new GetJobRequest().setJobId(jobId).setPageToken(pageToken));
            JobSettings more = page.getSettings() == null ? new JobSettings() : page.getSettings();
            settings
                .setTasks(concat(settings.getTasks(), more.getTasks()))
                .setJobClusters(concat(settings.getJobClusters(), more.getJobClusters()))
                .setEnvironments(concat(settings.getEnvironments(), more.getEnvironments()))
                .setParameters(concat(settings.getParameters(), more.getParameters()));
            pageToken = page.getNextPageToken();
          }
          return new DeployedJob(jobId, json.valueToTree(settings));
        });
  }

  @Override
  public long runNow(
      long jobId,
      Map<String, String> jobParameters,
      List<String> onlyTasks,
      String idempotencyToken) {
    RunNow request = new RunNow().setJobId(jobId).setIdempotencyToken(idempotencyToken);
    if (!jobParameters.isEmpty()) {
      request.setJobParameters(Map.copyOf(jobParameters));
    }
    if (!onlyTasks.isEmpty()) {
      request.setOnly(List.copyOf(onlyTasks));
    }
    Long runId =
        call(
            "start a run of job " + jobId,
            () -> workspace.jobs().runNow(request).getResponse().getRunId());
    if (runId == null) {
      throw new WorkspaceException(
          "start a run of job " + jobId + " on " + host + ": the workspace returned no run id");
    }
    return runId;
  }

  @Override
  public RunSnapshot getRun(long runId) {
    return call(
        "read run " + runId,
        () -> {
          Run run = workspace.jobs().getRun(new GetRunRequest().setRunId(runId));
          List<RunTask> tasks = new ArrayList<>(orEmpty(run.getTasks()));
          String pageToken = run.getNextPageToken();
          while (pageToken != null && !pageToken.isEmpty()) {
            Run page =
                workspace
                    .jobs()
                    .getRun(new GetRunRequest().setRunId(runId).setPageToken(pageToken));
            tasks.addAll(orEmpty(page.getTasks()));
            pageToken = page.getNextPageToken();
          }
          return new RunSnapshot(
              runId,
              run.getRunPageUrl(),
              lifeCycle(run.getState(), run.getStatus()),
              result(run.getState(), run.getStatus()),
              message(run.getState(), run.getStatus()),
              tasks.stream().map(SdkJobsClient::taskRun).toList());
        });
  }

  @Override
  public Optional<String> taskError(long taskRunId) {
    RunOutput output =
        call(
            "read the output of task run " + taskRunId,
            () -> workspace.jobs().getRunOutput(new GetRunOutputRequest().setRunId(taskRunId)));
    return Optional.ofNullable(output.getError()).filter(error -> !error.isBlank());
  }

  @Override
  public List<RunSummary> recentRuns(long jobId, int limit) {
    return call(
        "list the runs of job " + jobId,
        () -> {
          ListRunsRequest request =
              new ListRunsRequest().setJobId(jobId).setLimit(Math.min(limit, RUNS_PAGE_LIMIT));
          List<RunSummary> runs = new ArrayList<>();
          Iterator<BaseRun> pages = workspace.jobs().listRuns(request).iterator();
          while (runs.size() < limit && pages.hasNext()) {
            runs.add(summary(pages.next()));
          }
          return runs;
        });
  }

  private static RunSummary summary(BaseRun run) {
    long start = run.getStartTime() == null ? 0 : run.getStartTime();
    Optional<Long> duration = Optional.ofNullable(run.getRunDuration()).filter(d -> d > 0);
    if (duration.isEmpty() && run.getEndTime() != null && run.getEndTime() > 0 && start > 0) {
      duration = Optional.of(run.getEndTime() - start);
    }
    return new RunSummary(
        run.getRunId() == null ? 0 : run.getRunId(),
        start,
        duration,
        lifeCycle(run.getState(), run.getStatus()),
        result(run.getState(), run.getStatus()),
        run.getRunPageUrl());
  }

  private static TaskRun taskRun(RunTask task) {
    return new TaskRun(
        task.getTaskKey() == null ? "?" : task.getTaskKey(),
        task.getRunId() == null ? 0 : task.getRunId(),
        lifeCycle(task.getState(), task.getStatus()),
        result(task.getState(), task.getStatus()),
        message(task.getState(), task.getStatus()),
        task.getStartTime() == null ? 0 : task.getStartTime());
  }

  // Jobs API 2.2 still sends the classic `state`; `status` is its successor, used when alone.
  private static String lifeCycle(RunState state, RunStatus status) {
    if (state != null && state.getLifeCycleState() != null) {
      return state.getLifeCycleState().name();
    }
    if (status != null && status.getState() != null) {
      return status.getState().name();
    }
    return "UNKNOWN";
  }

  private static Optional<String> result(RunState state, RunStatus status) {
    if (state != null && state.getResultState() != null) {
      return Optional.of(state.getResultState().name());
    }
    if (status != null
        && status.getTerminationDetails() != null
        && status.getTerminationDetails().getCode() != null) {
      return Optional.of(status.getTerminationDetails().getCode().name());
    }
    return Optional.empty();
  }

  private static String message(RunState state, RunStatus status) {
    if (status != null
        && status.getTerminationDetails() != null
        && status.getTerminationDetails().getMessage() != null
        && !status.getTerminationDetails().getMessage().isBlank()) {
      return status.getTerminationDetails().getMessage();
    }
    return state == null || state.getStateMessage() == null ? "" : state.getStateMessage();
  }

  private <T> T call(String action, Supplier<T> request) {
    try {
      return request.get();
    } catch (DatabricksError e) {
      throw new WorkspaceException(
          action + " on " + host + ": " + describe(e) + hint(e.getStatusCode()),
          isRetryable(e.getStatusCode()),
          e);
    } catch (DatabricksException e) {
      throw new WorkspaceException(
          action + " on " + host + ": " + firstLine(e.getMessage()), true, e);
    } catch (RuntimeException e) {
      // Credential providers fail with plain runtime exceptions, e.g. when a token cannot be had.
      throw new WorkspaceException(
          action + " on " + host + ": " + firstLine(e.toString()), false, e);
    }
  }

  private static String describe(DatabricksError e) {
    StringBuilder text = new StringBuilder();
    if (e.getStatusCode() > 0) {
      text.append(e.getStatusCode()).append(' ');
    }
    if (e.getErrorCode() != null && !e.getErrorCode().isBlank()) {
      text.append(e.getErrorCode()).append(": ");
    }
    text.append(firstLine(e.getMessage()));
    return text.toString();
  }

  private static String hint(int status) {
    return switch (status) {
      case 401 -> " — the credentials were refused; check DATABRICKS_HOST and the auth settings";
      case 403 -> " — the identity lacks permission on this job or workspace";
      default -> "";
    };
  }

  private static boolean isRetryable(int status) {
    return status == 429 || status >= 500;
  }

  private static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "no details";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).strip();
  }

  private static <T> List<T> orEmpty(Collection<T> items) {
    return items == null ? List.of() : List.copyOf(items);
  }

  private static <T> Collection<T> concat(Collection<T> first, Collection<T> second) {
    if (second == null || second.isEmpty()) {
      return first;
    }
    List<T> all = new ArrayList<>(orEmpty(first));
    all.addAll(second);
    return all;
  }
}
