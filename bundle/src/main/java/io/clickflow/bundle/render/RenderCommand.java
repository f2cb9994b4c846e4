package io.clickflow.bundle.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickflow.bundle.UsageException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bundle render}: the job settings a deploy would send, offline. */
@Command(
    name = "render",
    usageHelpWidth = 100,
    headerHeading = "NAME%n  ",
    header = "bundle render - print the job settings a deploy would send to the Jobs API",
    synopsisHeading = "%nSYNOPSIS%n  ",
    descriptionHeading = "%nDESCRIPTION%n",
    description = {
      "  Prints, as JSON, the settings of the bundle's job for one target exactly as the Jobs API",
      "  receives them (the body of jobs/create, or new_settings of jobs/reset):",
      "    - databricks.yml and every file its include globs match are merged;",
      "    - the target's overrides are applied (tasks, job_clusters and parameters merge by key);",
      "    - $${var.*} is resolved: --var, then BUNDLE_VAR_<name>, then the target, then the default;",
      "    - the deploy's own additions are made: run_as, development-mode presets (name prefix",
      "      [dev <short name>], dev tag, paused schedule), queueing, and the bundle deployment",
      "      annotation with its UI lock;",
      "    - $${bundle.name}, $${bundle.target} and the workspace paths (root_path default",
      "      /Workspace/Users/<user>/.bundle/<bundle>/<target>, with files, artifacts, state and",
      "      resources under it) are resolved.",
      "",
      "  Nothing is sent to a workspace, so what only the workspace knows stays as a reference:",
      "  $${workspace.current_user.userName}, $${workspace.current_user.short_name} and",
      "  $${workspace.host}. `bundle plan` resolves them for the signed-in identity. The remaining",
      "  references are listed on standard error.",
      "",
      "  The output is checked against databricks-sdk-java's JobSettings model: a field the Jobs API",
      "  does not know, or a value of the wrong type, is reported with its JSON path. Permissions",
      "  are not part of the job settings; the deploy applies them through the Permissions API."
    },
    optionListHeading = "%nOPTIONS%n",
    exitCodeListHeading = "%nEXIT STATUS%n",
    exitCodeList = {
      "  0:the settings were printed",
      "  1:the bundle cannot produce valid job settings; the reason was printed",
      "  2:usage error: no bundle, an unknown target or job, a variable without a value"
    },
    footerHeading = "%nENVIRONMENT%n",
    footer = {
      "  BUNDLE_VAR_<name>  value of the bundle variable <name>, below --var",
      "",
      "EXAMPLES",
      "  The dev job, from the repository root:",
      "    ./clickflow bundle render",
      "",
      "  The prod job, with the variables the deploy workflow sets:",
      "    ./clickflow bundle render --target prod --var notification_email=data@example.com \\",
      "        --var run_as_service_principal=00000000-0000-0000-0000-000000000000",
      "",
      "  Only the task keys:",
      "    ./clickflow bundle render | jq -r '.tasks[].task_key'",
      "",
      "SEE ALSO",
      "  bundle plan, which compares these settings with the deployed job."
    })
public final class RenderCommand implements Callable<Integer> {
  static final int RENDERED = 0;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;

  @Mixin private BundleTargetOptions bundle;

  @Spec private CommandSpec spec;

  private final Map<String, String> environment;
  private final Path workingDir;
  private final JobRenderer renderer = new JobRenderer();
  private final ObjectMapper json = new ObjectMapper();

  public RenderCommand(Map<String, String> environment, Path workingDir) {
    this.environment = Map.copyOf(environment);
    this.workingDir = Objects.requireNonNull(workingDir, "workingDir");
  }

  @Override
  public Integer call() {
    RenderedJob job =
        renderer.render(bundle.request(environment, workingDir), WorkspaceContext.offline());
    PrintWriter out = spec.commandLine().getOut();
    try {
      out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(job.settings()));
    } catch (JsonProcessingException e) {
      throw new UsageException("print the settings of job " + job.key() + ": " + e.getMessage(), e);
    }
    out.flush();
    Set<String> unresolved = job.unresolvedReferences();
    if (!unresolved.isEmpty()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          "bundle render: job "
              + job.key()
              + ", target "
              + job.target()
              + "; known only to the workspace: "
              + String.join(", ", unresolved));
      err.flush();
    }
    return RENDERED;
  }
}
