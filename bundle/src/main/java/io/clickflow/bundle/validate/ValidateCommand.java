package io.clickflow.bundle.validate;

import io.clickflow.bundle.config.Bundle;
import io.clickflow.bundle.config.BundleLoader;
import io.clickflow.bundle.config.Problem;
import io.clickflow.bundle.config.Targets;
import io.clickflow.bundle.validate.rules.BundleRule;
import io.clickflow.bundle.validate.rules.EnvironmentKeyDeclaredRule;
import io.clickflow.bundle.validate.rules.MainClassExistsRule;
import io.clickflow.bundle.validate.rules.NoLiteralSecretsRule;
import io.clickflow.bundle.validate.rules.PipelineJarLocator;
import io.clickflow.bundle.validate.rules.PipelineJarNameRule;
import io.clickflow.bundle.validate.rules.ProdPermissionsRule;
import io.clickflow.bundle.validate.rules.SelectedTargetRule;
import io.clickflow.bundle.validate.rules.ServerlessOnlyRule;
import io.clickflow.bundle.validate.rules.TaskTagsExistRule;
import io.clickflow.bundle.validate.schema.BundleSchemaValidator;
import io.clickflow.bundle.validate.schema.FirstAvailableSchemaSource;
import io.clickflow.bundle.validate.schema.ProcessRunner;
import io.clickflow.bundle.validate.schema.SchemaText;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bundle validate}: the offline check of the Databricks Asset Bundle. */
@Command(
    name = "validate",
    usageHelpWidth = 100,
    headerHeading = "NAME%n  ",
    header = "bundle validate - check the Databricks Asset Bundle offline",
    synopsisHeading = "%nSYNOPSIS%n  ",
    descriptionHeading = "%nDESCRIPTION%n",
    description = {
      "  Loads databricks.yml and every file that its include globs match, validates each file",
      "  against the official Databricks bundle JSON schema, then applies clickflow's rules:",
      "    - serverless only: no new_cluster, existing_cluster_id, job_cluster_key or job_clusters;",
      "    - no literal secrets: no Databricks tokens, storage account keys, SAS signatures or",
      "      private keys, and no password/token/secret key that holds a literal value;",
      "    - every spark_jar_task main class exists in the pipeline JAR: by default the newest",
      "      pipeline-src/target/clickflow-pipeline-*-serverless.jar, the shaded JAR the bundle",
      "      deploys (the plain clickflow-pipeline-<version>.jar is for local runs and is ignored);",
      "    - pipeline_jar_name names a -serverless.jar that an artifact's files.source matches, and",
      "      the one the build made; java_dependencies in .internal/ load $${var.pipeline_jar_name};",
      "    - every task's environment_key is declared in the job's environments;",
      "    - every tag a task passes with --tags, literally or through a job parameter's default,",
      "      is one the pipeline graph declares, and every job parameter it reads is declared;",
      "    - the prod target has permissions;",
      "    - the selected target exists (--target, else the one marked default: true).",
      "",
      "  Nothing is sent to a workspace. The schema is the first of: the --schema file, the file",
      "  named by CLICKFLOW_BUNDLE_SCHEMA, or the output of `databricks bundle schema` when the",
      "  Databricks CLI is on the PATH.",
      "",
      "  Prints one line per problem as file:location: message, where location is a JSON path",
      "  (a line number for secret shapes), then `bundle valid: N files, target T` or",
      "  `bundle invalid: K problems`. Lines with `warning:` do not make the bundle invalid."
    },
    optionListHeading = "%nOPTIONS%n",
    exitCodeListHeading = "%nEXIT STATUS%n",
    exitCodeList = {
      "  0:the bundle is valid (warnings may have been printed)",
      "  1:the bundle is invalid; each problem was printed",
      "  2:validation could not run: a bad option, no schema, no databricks.yml, a missing --jar"
    },
    footerHeading = "%nENVIRONMENT%n",
    footer = {
      "  CLICKFLOW_BUNDLE_SCHEMA  path of the bundle JSON schema, used when --schema is absent",
      "  PATH                     searched for the databricks executable as the last resort",
      "",
      "EXAMPLES",
      "  Validate bundle/ for its default target (dev), from the repository root:",
      "    ./clickflow bundle validate --schema ../shared/databricks-bundle-schema.json",
      "",
      "  Validate the prod target, with the schema of the installed Databricks CLI:",
      "    ./clickflow bundle validate --target prod",
      "",
      "  Check main classes against a JAR built elsewhere:",
      "    ./clickflow bundle validate --jar /tmp/clickflow-pipeline-0.1.0-SNAPSHOT-serverless.jar",
      "",
      "  Pin the schema for a whole shell session:",
      "    export CLICKFLOW_BUNDLE_SCHEMA=$PWD/../shared/databricks-bundle-schema.json",
      "    ./clickflow bundle validate --bundle-dir bundle",
      "",
      "SEE ALSO",
      "  databricks bundle validate, which also resolves variables against a live workspace."
    })
public final class ValidateCommand implements Callable<Integer> {
  static final int VALID = 0;
  static final int INVALID = 1;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;

  @Option(
      names = "--target",
      paramLabel = "NAME",
      description = "Target to validate for. Default: the target marked default: true.")
  private String target;

  @Option(
      names = "--schema",
      paramLabel = "FILE",
      description =
          "Bundle JSON schema file. Default: CLICKFLOW_BUNDLE_SCHEMA, else"
              + " `databricks bundle schema`.")
  private Path schema;

  @Option(
      names = "--bundle-dir",
      paramLabel = "DIR",
      description =
          "Directory holding databricks.yml. Default: the current directory if it holds one,"
              + " else ./bundle. Its parent is taken as the repository root.")
  private Path bundleDir;

  @Option(
      names = "--jar",
      paramLabel = "FILE",
      description =
          "Pipeline JAR for the main-class check. Default: the newest"
              + " pipeline-src/target/clickflow-pipeline-*-serverless.jar under the repository"
              + " root; the plain JAR is never picked.")
  private Path jar;

  @Spec private CommandSpec spec;

  private final Map<String, String> environment;
  private final ProcessRunner runner;
  private final Path workingDir;

  /**
   * @param environment the process environment, for CLICKFLOW_BUNDLE_SCHEMA and PATH
   * @param runner runs {@code databricks bundle schema}
   * @param workingDir against which relative paths in options are resolved
   */
  public ValidateCommand(Map<String, String> environment, ProcessRunner runner, Path workingDir) {
    this.environment = Map.copyOf(environment);
    this.runner = Objects.requireNonNull(runner, "runner");
    this.workingDir = Objects.requireNonNull(workingDir, "workingDir");
  }

  @Override
  public Integer call() {
    Path dir = bundleDir == null ? defaultBundleDir() : workingDir.resolve(bundleDir);
    BundleLoader.Result loaded = new BundleLoader().load(dir);
    PipelineJarLocator locator = new PipelineJarLocator(loaded.bundle().repoRoot());
    Optional<Path> pipelineJar = locator.locate(resolved(jar));
    SchemaText schemaText =
        FirstAvailableSchemaSource.standard(resolved(schema), environment, runner).require();
    spec.commandLine().getErr().println("bundle validate: schema from " + schemaText.origin());

    Optional<String> requestedTarget = Optional.ofNullable(target);
    List<BundleRule> rules =
        List.of(
            new ServerlessOnlyRule(),
            new NoLiteralSecretsRule(),
            new MainClassExistsRule(pipelineJar, locator.searchedPattern()),
            new PipelineJarNameRule(
                requestedTarget, jar == null ? pipelineJar : Optional.<Path>empty()),
            new EnvironmentKeyDeclaredRule(),
            new TaskTagsExistRule(),
            new ProdPermissionsRule(),
            new SelectedTargetRule(requestedTarget));
    ValidationReport report =
        new BundleValidator(BundleSchemaValidator.compile(schemaText), rules).validate(loaded);
    return print(report, new Targets(loaded.bundle()).select(requestedTarget).name());
  }

  private int print(ValidationReport report, Optional<String> selectedTarget) {
    PrintWriter out = spec.commandLine().getOut();
    report.findings().stream().map(Problem::format).forEach(out::println);
    if (report.isValid()) {
      out.println(
          "bundle valid: "
              + report.files()
              + (report.files() == 1 ? " file" : " files")
              + ", target "
              + selectedTarget.orElse("?"));
      out.flush();
      return VALID;
    }
    long errors = report.errorCount();
    out.println("bundle invalid: " + errors + (errors == 1 ? " problem" : " problems"));
    out.flush();
    return INVALID;
  }

  private Path defaultBundleDir() {
    if (Files.isRegularFile(workingDir.resolve(Bundle.ROOT_FILE))) {
      return workingDir;
    }
    return workingDir.resolve("bundle");
  }

  private Optional<Path> resolved(Path option) {
    return Optional.ofNullable(option).map(workingDir::resolve);
  }
}
