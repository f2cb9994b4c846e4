package io.clickflow.bundle.runs;

import io.clickflow.bundle.UsageException;
import io.clickflow.bundle.control.ControlDependencies;
import io.clickflow.bundle.control.JobLocator;
import io.clickflow.bundle.control.WorkspaceOptions;
import io.clickflow.bundle.render.BundleTargetOptions;
import io.clickflow.bundle.render.JobRenderer;
import io.clickflow.bundle.render.RenderRequest;
import io.clickflow.bundle.render.WorkspaceContext;
import io.clickflow.bundle.workspace.JobsClient;
import io.clickflow.bundle.workspace.RunSnapshot;
import io.clickflow.bundle.workspace.TaskRun;
import io.clickflow.bundle.workspace.WorkspaceException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bundle run}: trigger the deployed job and wait for it. */
@Command(
    name = "run",
    usageHelpWidth = 100,
    headerHeading = "NAME%n  ",
    header = "bundle run - trigger the deployed job, follow its tasks and wait for the result",
    synopsisHeading = "%nSYNOPSIS%n  ",
    descriptionHeading = "%nDESCRIPTION%n",
    description = {
      "  Finds the job that `databricks bundle deploy` created for the target (by the name the",
      "  bundle renders to for the signed-in identity), starts it with jobs/run-now, then polls",
      "  runs/get and prints a line whenever the run or one of its tasks changes state:",
      "",
      "    13:02:11  task silver: RUNNING",
      "    13:04:40  task silver: TERMINATED SUCCESS",
      "",
      "  It waits until the run ends. On success it prints the duration and the run's URL and",
      "  exits 0. Otherwise it prints one line on standard error with the task that failed first,",
      "  the error from its runs/get-output, and the run's URL, then exits 1. A run counts as",
      "  successful only with result SUCCESS (not SUCCESS_WITH_FAILURES).",
      "",
      "  The clickflow job runs one task per layer and declares <layer>_tags and",
      "  <layer>_full_refresh job parameters. --tags names the layers to run; LAYER:TAG narrows a",
      "  layer to a tag, and layers not named do not run (run-now `only`). --full-refresh resets",
      "  datasets, written LAYER:DATASET, or just DATASET when its name starts with LAYER_. A job",
      "  with plain tags and full_refresh parameters gets the lists as given. Every TAG must be one",
      "  the pipeline graph declares; layers and tags are checked before any workspace call.",
      "",
      "  Each run carries an idempotency token, so a request the SDK retries after a 429 or 503",
      "  never starts a second run."
    },
    optionListHeading = "%nOPTIONS%n",
    exitCodeListHeading = "%nEXIT STATUS%n",
    exitCodeList = {
      "  0:the run ended with SUCCESS",
      "  1:the run failed, was cancelled, or was still running at --timeout; the bundle is invalid",
      "  2:usage error, the job is not deployed, or the workspace could not be reached"
    },
    footerHeading = "%nENVIRONMENT%n",
    footer = {
      "  DATABRICKS_HOST, DATABRICKS_TOKEN, DATABRICKS_CLIENT_ID, DATABRICKS_AUTH_TYPE, ...",
      "                     Databricks unified authentication, read by the SDK; see --profile",
      "  BUNDLE_VAR_<name>  value of the bundle variable <name>, below --var",
      "",
      "EXAMPLES",
      "  Run the whole dev job and wait:",
      "    ./clickflow bundle run",
      "",
      "  Refresh only the gold layer's materialized views:",
      "    ./clickflow bundle run --tags gold:mv",
      "",
      "  Rebuild silver_events from Bronze, then everything downstream:",
      "    ./clickflow bundle run --full-refresh silver_events",
      "",
      "SEE ALSO",
      "  bundle status, databricks bundle run"
    })
public final class RunCommand implements Callable<Integer> {
  static final int SUCCEEDED = 0;
  static final int FAILED = 1;

  // Results that follow from another task's failure rather than name a failure of their own.
  private static final Set<String> NOT_THE_CAUSE =
      Set.of(
          "SUCCESS",
          "SUCCESS_WITH_FAILURES",
          "UPSTREAM_FAILED",
          "UPSTREAM_CANCELED",
          "EXCLUDED",
          "SKIPPED",
          "DISABLED");

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;

  @Mixin private BundleTargetOptions bundle;
  @Mixin private WorkspaceOptions workspace;

  @Option(
      names = "--tags",
      split = ",",
      paramLabel = "LAYER[:TAG]",
      description = "Layers to run, each optionally narrowed to a tag. Default: every layer.")
  private List<String> tags = new ArrayList<>();

  @Option(
      names = "--full-refresh",
      split = ",",
      paramLabel = "[LAYER:]DATASET",
      description = "Datasets whose tables and checkpoints are reset before they run.")
  private List<String> fullRefresh = new ArrayList<>();

  @Option(
      names = "--poll-interval",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description = "Seconds between two runs/get calls. Default: ${DEFAULT-VALUE}.")
  private int pollSeconds;

  @Option(
      names = "--timeout",
      paramLabel = "MINUTES",
      defaultValue = "180",
      description =
          "Stop waiting after this many minutes; the run goes on. Default: ${DEFAULT-VALUE}.")
  private int timeoutMinutes;

  @Spec private CommandSpec spec;

  private final ControlDependencies dependencies;
  private final JobRenderer renderer = new JobRenderer();
  private final JobLocator locator = new JobLocator(renderer);

  public RunCommand(ControlDependencies dependencies) {
    this.dependencies = Objects.requireNonNull(dependencies, "dependencies");
  }

  @Override
  public Integer call() {
    if (pollSeconds < 0 || timeoutMinutes < 1) {
      throw new ParameterException(
          spec.commandLine(), "--poll-interval must be >= 0 and --timeout >= 1");
    }
    RenderRequest request = bundle.request(dependencies.environment(), dependencies.workingDir());
    // Parameters and tasks do not depend on who deploys, so the selection is checked offline:
    // an unknown layer or tag fails before any workspace call.
    RunSelection selection =
        RunSelection.of(renderer.render(request, WorkspaceContext.offline()), tags, fullRefresh);
    JobsClient client = dependencies.connector().connect(workspace.profile());
    JobLocator.Located located = locator.locate(request, client);
    String name = located.job().name();
    long jobId =
        located
            .jobId()
            .orElseThrow(
                () ->
                    new WorkspaceException(
                        "run job '"
                            + name
                            + "': no job of this name in "
                            + client.host()
                            + " — deploy it first with `databricks bundle deploy --target "
                            + request.target()
                            + "`"));

    PrintWriter out = spec.commandLine().getOut();
    long runId =
        client.runNow(
            jobId,
            selection.jobParameters(),
            selection.onlyTasks(),
            dependencies.idempotencyTokens().get());
    out.println(
        "run "
            + runId
            + " of job "
            + jobId
            + " '"
            + name
            + "' started"
            + describe(selection)
            + " on "
            + client.host()
            + " as "
            + located.user().userName());
    out.flush();

    RunWatcher watcher =
        new RunWatcher(
            client,
            dependencies.sleeper(),
            dependencies.clock(),
            Duration.ofSeconds(pollSeconds),
            Duration.ofMinutes(timeoutMinutes),
            out);
    RunWatcher.Outcome outcome;
    try {
      outcome = watcher.watch(runId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UsageException(
          "interrupted while waiting for run " + runId + "; it goes on in the workspace");
    }
    return report(client, jobId, outcome);
  }

  private int report(JobsClient client, long jobId, RunWatcher.Outcome outcome) {
    RunSnapshot run = outcome.last();
    String url =
        run.runPageUrl().isEmpty()
            ? client.host() + "/#job/" + jobId + "/run/" + run.runId()
            : run.runPageUrl();
    if (outcome.timedOut()) {
      return fail(
          "run "
              + run.runId()
              + " is still "
              + run.lifeCycleState()
              + " after "
              + timeoutMinutes
              + " min; stopped waiting, the run goes on — "
              + url);
    }
    if (run.succeeded()) {
      PrintWriter out = spec.commandLine().getOut();
      out.println("run " + run.runId() + " SUCCESS: " + url);
      out.flush();
      return SUCCEEDED;
    }
    String result = run.resultState().orElse(run.lifeCycleState());
    Optional<TaskRun> cause =
        run.tasks().stream()
            .filter(t -> t.resultState().filter(r -> !NOT_THE_CAUSE.contains(r)).isPresent())
            .min(Comparator.comparingLong(TaskRun::startTime));
    if (cause.isEmpty()) {
      String message = run.stateMessage().isBlank() ? "" : ": " + firstLine(run.stateMessage());
      return fail("run " + run.runId() + " " + result + message + " — " + url);
    }
    TaskRun task = cause.get();
    String error =
        client
            .taskError(task.runId())
            .or(() -> Optional.of(task.stateMessage()).filter(m -> !m.isBlank()))
            .map(RunCommand::firstLine)
            .orElse("no error message");
    return fail(
        "run "
            + run.runId()
            + " "
            + result
            + ": task "
            + task.taskKey()
            + " "
            + task.resultState().orElseThrow()
            + ": "
            + error
            + " — "
            + url);
  }

  private int fail(String line) {
    PrintWriter err = spec.commandLine().getErr();
    err.println(spec.qualifiedName() + ": " + line);
    err.flush();
    return FAILED;
  }

  private static String describe(RunSelection selection) {
    StringBuilder text = new StringBuilder();
    if (!selection.onlyTasks().isEmpty()) {
      text.append(" (tasks ").append(String.join(", ", selection.onlyTasks())).append(')');
    }
    for (Map.Entry<String, String> parameter : selection.jobParameters().entrySet()) {
      text.append(text.length() == 0 ? " with " : ", ")
          .append(parameter.getKey())
          .append('=')
          .append(parameter.getValue());
    }
    return text.toString();
  }

  private static String firstLine(String text) {
    String stripped = text.strip();
    int newline = stripped.indexOf('\n');
    return newline < 0 ? stripped : stripped.substring(0, newline).strip();
  }
}
