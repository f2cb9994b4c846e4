package io.clickflow.bundle;

import io.clickflow.bundle.validate.ValidateCommand;
import io.clickflow.bundle.validate.schema.ProcessRunner;
import io.clickflow.bundle.validate.schema.SystemProcessRunner;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code clickflow bundle}: offline checks of the Databricks Asset Bundle in {@code bundle/}. */
@Command(
    name = "bundle",
    mixinStandardHelpOptions = true,
    version = "clickflow bundle 0.1.0",
    usageHelpWidth = 100,
    headerHeading = "NAME%n  ",
    header = "bundle - check the clickflow Databricks Asset Bundle",
    synopsisHeading = "%nSYNOPSIS%n  ",
    descriptionHeading = "%nDESCRIPTION%n",
    description = {
      "  Works on the bundle in bundle/ (databricks.yml and resources/*.yml). Deploys go through",
      "  the official `databricks bundle deploy`; these commands check the bundle without a",
      "  workspace."
    },
    optionListHeading = "%nOPTIONS%n",
    commandListHeading = "%nCOMMANDS%n",
    exitCodeListHeading = "%nEXIT STATUS%n",
    exitCodeList = {
      "  0:success",
      "  1:the bundle has problems",
      "  2:usage error, or the command could not run"
    },
    footerHeading = "%nEXAMPLES%n",
    footer = {
      "  ./clickflow bundle validate --schema ../shared/databricks-bundle-schema.json",
      "  ./clickflow bundle validate --target prod",
      "  ./clickflow bundle help validate"
    },
    subcommands = HelpCommand.class)
public final class BundleCli implements Runnable {
  static final int USAGE = 2;

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /**
   * Builds the command tree with everything it touches injected, so tests run it against a fake
   * environment and a fake process runner.
   */
  public static CommandLine commandLine(
      Map<String, String> environment, ProcessRunner runner, Path workingDir) {
    CommandLine commandLine = new CommandLine(new BundleCli());
    commandLine.addSubcommand(new ValidateCommand(environment, runner, workingDir));
    commandLine.setExecutionExceptionHandler(
        (exception, failed, parseResult) -> {
          String message =
              exception instanceof UsageException ? exception.getMessage() : exception.toString();
          failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + message);
          failed.getErr().flush();
          return USAGE;
        });
    return commandLine;
  }

  public static void main(String[] args) {
    int exitCode =
        commandLine(System.getenv(), new SystemProcessRunner(), Path.of("")).execute(args);
    System.exit(exitCode);
  }
}
