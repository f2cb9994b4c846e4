package io.clickflow.bundle.runs;

import io.clickflow.bundle.control.ControlDependencies;
import io.clickflow.bundle.control.JobLocator;
import io.clickflow.bundle.control.WorkspaceOptions;
import io.clickflow.bundle.render.BundleTargetOptions;
import io.clickflow.bundle.render.JobRenderer;
import io.clickflow.bundle.render.RenderRequest;
import io.clickflow.bundle.workspace.JobsClient;
import io.clickflow.bundle.workspace.RunSummary;
import io.clickflow.bundle.workspace.WorkspaceException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bundle status}: the deployed job's last runs. */
@Command(
    name = "status",
    usageHelpWidth = 100,
    headerHeading = "NAME%n  ",
    header = "bundle status - list the deployed job's last runs",
    synopsisHeading = "%nSYNOPSIS%n  ",
    descriptionHeading = "%nDESCRIPTION%n",
    description = {
      "  Finds the job that `databricks bundle deploy` created for the target and prints its",
      "  latest runs (jobs/runs/list), newest first, one line each:",
      "",
      "    RUN ID            STARTED (UTC)        DURATION  STATE",
      "    771093028421337   2026-11-22 13:00:04  4m 12s    SUCCESS",
      "",
      "  STATE is the result of an ended run (SUCCESS, FAILED, CANCELED, ...) or the life-cycle",
      "  state of one that has not ended (QUEUED, RUNNING, ...); DURATION of such a run is the",
      "  time since it started."
    },
    optionListHeading = "%nOPTIONS%n",
    exitCodeListHeading = "%nEXIT STATUS%n",
    exitCodeList = {
      "  0:the runs were listed (none is not an error)",
      "  1:the bundle cannot produce valid job settings",
      "  2:usage error, the job is not deployed, or the workspace could not be read"
    },
    footerHeading = "%nENVIRONMENT%n",
    footer = {
      "  DATABRICKS_HOST, DATABRICKS_TOKEN, DATABRICKS_CLIENT_ID, DATABRICKS_AUTH_TYPE, ...",
      "                     Databricks unified authentication, read by the SDK; see --profile",
      "",
      "EXAMPLES",
      "  ./clickflow bundle status",
      "  ./clickflow bundle status --target prod --limit 25 --var notification_email=... \\",
      "      --var run_as_service_principal=<app id>"
    })
public final class StatusCommand implements Callable<Integer> {
  static final int LISTED = 0;
  static final int MAX_LIMIT = 1000;

  private static final DateTimeFormatter STARTED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final String ROW = "%-17s %-20s %-9s %s";

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;

  @Mixin private BundleTargetOptions bundle;
  @Mixin private WorkspaceOptions workspace;

  @Option(
      names = {"-n", "--limit"},
      paramLabel = "N",
      defaultValue = "10",
      description = "How many runs to show, 1 to " + MAX_LIMIT + ". Default: ${DEFAULT-VALUE}.")
  private int limit;

  @Spec private CommandSpec spec;

  private final ControlDependencies dependencies;
  private final JobLocator locator = new JobLocator(new JobRenderer());

  public StatusCommand(ControlDependencies dependencies) {
    this.dependencies = Objects.requireNonNull(dependencies, "dependencies");
  }

  @Override
  public Integer call() {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new ParameterException(
          spec.commandLine(), "--limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    RenderRequest request = bundle.request(dependencies.environment(), dependencies.workingDir());
    JobsClient client = dependencies.connector().connect(workspace.profile());
    JobLocator.Located located = locator.locate(request, client);
    String name = located.job().name();
    long jobId =
        located
            .jobId()
            .orElseThrow(
                () ->
                    new WorkspaceException(
                        "show runs of job '"
                            + name
                            + "': no job of this name in "
                            + client.host()
                            + " — deploy it with `databricks bundle deploy --target "
                            + request.target()
                            + "`"));
    List<RunSummary> runs = client.recentRuns(jobId, limit);

    PrintWriter out = spec.commandLine().getOut();
    out.println("job " + jobId + " '" + name + "' on " + client.host());
    if (runs.isEmpty()) {
      out.println("no runs yet");
    } else {
      out.println(String.format(ROW, "RUN ID", "STARTED (UTC)", "DURATION", "STATE").strip());
      Instant now = dependencies.clock().instant();
      for (RunSummary run : runs) {
        out.println(
            String.format(ROW, run.runId(), started(run), duration(run, now), run.state()).strip());
      }
    }
    out.flush();
    return LISTED;
  }

  private static String started(RunSummary run) {
    return run.startTime() > 0 ? STARTED.format(Instant.ofEpochMilli(run.startTime())) : "-";
  }

  private static String duration(RunSummary run, Instant now) {
    if (run.durationMillis().isPresent()) {
      return Durations.format(Duration.ofMillis(run.durationMillis().get()));
    }
    if (run.resultState().isEmpty() && run.startTime() > 0) {
      return Durations.format(Duration.between(Instant.ofEpochMilli(run.startTime()), now));
    }
    return "-";
  }
}
