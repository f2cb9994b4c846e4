package io.clickflow.bundle.plan;

import io.clickflow.bundle.control.ControlDependencies;
import io.clickflow.bundle.control.JobLocator;
import io.clickflow.bundle.control.WorkspaceOptions;
import io.clickflow.bundle.render.BundleTargetOptions;
import io.clickflow.bundle.render.JobRenderer;
import io.clickflow.bundle.render.RenderRequest;
import io.clickflow.bundle.workspace.DeployedJob;
import io.clickflow.bundle.workspace.JobsClient;
import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bundle plan}: what a deploy would change in the workspace. */
@Command(
    name = "plan",
    usageHelpWidth = 100,
    headerHeading = "NAME%n  ",
    header = "bundle plan - show what a deploy would change in the deployed job",
    synopsisHeading = "%nSYNOPSIS%n  ",
    descriptionHeading = "%nDESCRIPTION%n",
    description = {
      "  Renders the bundle's job for the target (see `bundle render`), resolving the references",
      "  that only the workspace knows for the signed-in identity, then looks the job up by its",
      "  name with the Jobs API (jobs/list with a name filter, then jobs/get) and prints one of:",
      "",
      "    create job 'NAME': no job of this name in HOST",
      "    unchanged job ID 'NAME'",
      "    update job ID 'NAME': N changed fields",
      "      PATH: DEPLOYED → DESIRED",
      "",
      "  Only what the bundle sets is compared: fields the server fills in by itself are not",
      "  drift. Tasks, job clusters, environments and parameters are matched by their key, so",
      "  PATH reads like $.tasks[?(@.task_key=='silver')].timeout_seconds; (absent) marks a value",
      "  that one side does not have. Permissions are not compared.",
      "",
      "  Nothing is changed in the workspace: deploys are `databricks bundle deploy`."
    },
    optionListHeading = "%nOPTIONS%n",
    exitCodeListHeading = "%nEXIT STATUS%n",
    exitCodeList = {
      "  0:the plan was printed, whether or not it has changes",
      "  1:the bundle cannot produce valid job settings",
      "  2:usage error, or the workspace could not be read (auth, network, permissions)"
    },
    footerHeading = "%nENVIRONMENT%n",
    footer = {
      "  DATABRICKS_HOST, DATABRICKS_TOKEN, DATABRICKS_CLIENT_ID, DATABRICKS_AUTH_TYPE, ...",
      "                     Databricks unified authentication, read by the SDK; see --profile",
      "  BUNDLE_VAR_<name>  value of the bundle variable <name>, below --var",
      "",
      "EXAMPLES",
      "  Against the workspace of the DEFAULT profile:",
      "    ./clickflow bundle plan",
      "",
      "  The prod job, with a named profile:",
      "    ./clickflow bundle plan --target prod --profile prod \\",
      "        --var notification_email=data@example.com --var run_as_service_principal=<app id>",
      "",
      "SEE ALSO",
      "  bundle render, databricks bundle deploy"
    })
public final class PlanCommand implements Callable<Integer> {
  static final int PLANNED = 0;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;

  @Mixin private BundleTargetOptions bundle;
  @Mixin private WorkspaceOptions workspace;

  @Spec private CommandSpec spec;

  private final ControlDependencies dependencies;
  private final JobLocator locator = new JobLocator(new JobRenderer());

  public PlanCommand(ControlDependencies dependencies) {
    this.dependencies = Objects.requireNonNull(dependencies, "dependencies");
  }

  @Override
  public Integer call() {
    RenderRequest request = bundle.request(dependencies.environment(), dependencies.workingDir());
    JobsClient client = dependencies.connector().connect(workspace.profile());
    JobLocator.Located located = locator.locate(request, client);
    PrintWriter err = spec.commandLine().getErr();
    err.println(
        "bundle plan: target "
            + request.target()
            + " on "
            + client.host()
            + " as "
            + located.user().userName());
    err.flush();

    PrintWriter out = spec.commandLine().getOut();
    String name = located.job().name();
    if (located.jobId().isEmpty()) {
      out.println("create job '" + name + "': no job of this name in " + client.host());
      out.flush();
      return PLANNED;
    }
    DeployedJob deployed = client.getJob(located.jobId().get());
    List<Change> changes = JobDiff.between(located.job().settings(), deployed.settings());
    if (changes.isEmpty()) {
      out.println("unchanged job " + deployed.jobId() + " '" + name + "'");
    } else {
      out.println(
          "update job "
              + deployed.jobId()
              + " '"
              + name
              + "': "
              + changes.size()
              + (changes.size() == 1 ? " changed field" : " changed fields"));
      changes.forEach(change -> out.println("  " + change.format()));
    }
    out.flush();
    return PLANNED;
  }
}
