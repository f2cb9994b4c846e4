package io.clickflow.bundle;

import io.clickflow.bundle.control.ControlDependencies;
import io.clickflow.bundle.plan.PlanCommand;
import io.clickflow.bundle.render.RenderCommand;
import io.clickflow.bundle.render.RenderException;
import io.clickflow.bundle.runs.RunCommand;
import io.clickflow.bundle.runs.StatusCommand;
import io.clickflow.bundle.validate.ValidateCommand;
import io.clickflow.bundle.validate.schema.ProcessRunner;
import io.clickflow.bundle.validate.schema.SystemProcessRunner;
import io.clickflow.bundle.workspace.WorkspaceException;
import io.clickflow.bundle.workspace.sdk.SdkWorkspaceConnector;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code clickflow bundle}: offline checks of the Databricks Asset Bundle in {@code bundle/}, and
 * control of the job it deploys.
 */
@Command(
    name = "bundle",
    mixinStandardHelpOptions = true,
    version = "clickflow bundle 0.1.0",
    usageHelpWidth = 100,
    headerHeading = "NAME%n  ",
    header = "bundle - check, explain and run the clickflow Databricks Asset Bundle",
    synopsisHeading = "%nSYNOPSIS%n  ",
    descriptionHeading = "%nDESCRIPTION%n",
    description = {
      "  Works on the bundle in bundle/ (databricks.yml and resources/*.yml). Deploys go through",
      "  the official `databricks bundle deploy`; validate and render check the bundle without a",
      "  workspace, while plan, run and status read the deployed job through the Jobs API with",
      "  Databricks unified authentication (environment, --profile, or OIDC in GitHub Actions)."
    },
    optionListHeading = "%nOPTIONS%n",
    commandListHeading = "%nCOMMANDS%n",
    exitCodeListHeading = "%nEXIT STATUS%n",
    exitCodeList = {
      "  0:success",
      "  1:the bundle has problems, or the run failed",
      "  2:usage error, or the command could not run (no schema, no workspace access)"
    },
    footerHeading = "%nEXAMPLES%n",
    footer = {
      "  ./clickflow bundle validate --schema ../shared/databricks-bundle-schema.json",
      "  ./clickflow bundle validate --target prod",
      "  ./clickflow bundle render --target dev",
      "  ./clickflow bundle plan --profile dev",
      "  ./clickflow bundle run --tags gold:mv",
      "  ./clickflow bundle status --limit 5",
      "  ./clickflow bundle help run"
    },
    subcommands = HelpCommand.class)
public final class BundleCli implements Runnable {
  static final int PROBLEMS = 1;
  static final int USAGE = 2;

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /**
   * Builds the command tree with everything it touches injected, so tests run it against a fake
   * environment and a fake process runner. The workspace commands use the SDK's default
   * configuration.
   */
  public static CommandLine commandLine(
      Map<String, String> environment, ProcessRunner runner, Path workingDir) {
    return commandLine(
        runner, ControlDependencies.system(environment, workingDir, new SdkWorkspaceConnector()));
  }

  /** The command tree with the workspace, clock and sleeper injected as well. */
  public static CommandLine commandLine(ProcessRunner runner, ControlDependencies dependencies) {
    CommandLine commandLine = new CommandLine(new BundleCli());
    commandLine.addSubcommand(
        new ValidateCommand(dependencies.environment(), runner, dependencies.workingDir()));
    commandLine.addSubcommand(
        new RenderCommand(dependencies.environment(), dependencies.workingDir()));
    commandLine.addSubcommand(new PlanCommand(dependencies));
    commandLine.addSubcommand(new RunCommand(dependencies));
    commandLine.addSubcommand(new StatusCommand(dependencies));
    commandLine.setExecutionExceptionHandler(
        (exception, failed, parseResult) -> {
          String message =
              exception instanceof UsageException
                      || exception instanceof WorkspaceException
                      || exception instanceof RenderException
                  ? exception.getMessage()
                  : exception.toString();
          failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + message);
          failed.getErr().flush();
          return exception instanceof RenderException ? PROBLEMS : USAGE;
        });
    return commandLine;
  }

  public static void main(String[] args) {
    int exitCode =
        commandLine(System.getenv(), new SystemProcessRunner(), Path.of("")).execute(args);
    System.exit(exitCode);
  }
}
