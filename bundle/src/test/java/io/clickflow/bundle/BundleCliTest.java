package io.clickflow.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.bundle.validate.schema.ProcessRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BundleCliTest {
  private static final String MAIN = "io.clickflow.pipeline.PipelineCli";

  @TempDir Path dir;

  /** Strict fake: validation must never shell out unless a test put a CLI on the PATH. */
  private final ProcessRunner noProcesses =
      (List<String> command, Duration timeout) -> {
        throw new AssertionError("unexpected process: " + command);
      };

  @Test
  void theProjectBundleIsValidForDevAgainstTheOfficialSchema() {
    Path jar = TestJars.withClasses(dir.resolve("pipeline.jar"), MAIN);

    Run run =
        run(
            Path.of(""),
            "validate",
            "--schema",
            SharedSchema.path().toString(),
            "--jar",
            jar.toString());

    assertThat(run.out()).isEqualTo("bundle valid: 2 files, target dev\n");
    assertThat(run.exitCode()).isZero();
  }

  @Test
  void theProjectBundleIsValidForProdAgainstTheOfficialSchema() {
    Path jar = TestJars.withClasses(dir.resolve("pipeline.jar"), MAIN);

    Run run =
        run(
            Path.of(""),
            "validate",
            "--target",
            "prod",
            "--bundle-dir",
            ".",
            "--schema",
            SharedSchema.path().toAbsolutePath().toString(),
            "--jar",
            jar.toString());

    assertThat(run.out()).isEqualTo("bundle valid: 2 files, target prod\n");
    assertThat(run.exitCode()).isZero();
  }

  @Test
  void aTagThePipelineGraphDoesNotDeclareMakesTheProjectBundleInvalid() throws IOException {
    Path bundle = copyProjectBundle();
    String job = Files.readString(bundle.resolve("resources/clickflow_pipeline.job.yml"));
    Files.writeString(
        bundle.resolve("resources/clickflow_pipeline.job.yml"),
        job.replace("default: silver\n", "default: silver,slver\n"));
    Path jar = TestJars.withClasses(dir.resolve("pipeline.jar"), MAIN);

    Run run =
        run(
            dir,
            "validate",
            "--schema",
            SharedSchema.path().toAbsolutePath().toString(),
            "--jar",
            jar.toString());

    assertThat(run.out().lines())
        .containsExactly(
            "resources/clickflow_pipeline.job.yml:$.resources.jobs.clickflow_pipeline"
                + ".parameters[1].default: task 'silver' passes --tags"
                + " {{job.parameters.silver_tags}}, whose default is \"silver,slver\": tag 'slver'"
                + " is not in the pipeline graph; known tags: [bronze, silver, gold, mv]",
            "bundle invalid: 1 problem");
    assertThat(run.exitCode()).isEqualTo(1);
  }

  @Test
  void theProjectBundleIsCheckedAgainstTheServerlessJarTheBuildMade() throws IOException {
    copyProjectBundle();
    String jarName = projectJarName();
    TestJars.withClasses(dir.resolve("pipeline-src/target/" + jarName), MAIN);
    TestJars.withClasses(
        dir.resolve("pipeline-src/target/" + jarName.replace("-serverless.jar", ".jar")), MAIN);

    Run run = run(dir, "validate", "--schema", SharedSchema.path().toAbsolutePath().toString());

    assertThat(jarName).endsWith("-serverless.jar");
    assertThat(run.out()).isEqualTo("bundle valid: 2 files, target dev\n");
    assertThat(run.exitCode()).isZero();
  }

  @Test
  void withOnlyThePlainJarBuiltTheMainClassCheckIsSkipped() throws IOException {
    copyProjectBundle();
    TestJars.withClasses(
        dir.resolve("pipeline-src/target/" + projectJarName().replace("-serverless.jar", ".jar")),
        MAIN);

    Run run = run(dir, "validate", "--schema", SharedSchema.path().toAbsolutePath().toString());

    assertThat(run.out().lines())
        .containsExactly(
            "warning: main-class check skipped: no serverless pipeline JAR matches "
                + dir.resolve("pipeline-src/target/clickflow-pipeline-*-serverless.jar")
                + " — build it with `mvn -B -q -DskipTests -pl pipeline-src -am package` from the"
                + " repository root, or pass --jar",
            "bundle valid: 2 files, target dev");
    assertThat(run.exitCode()).isZero();
  }

  @Test
  void aMavenVersionThatPipelineJarNameMissedMakesTheProjectBundleInvalid() throws IOException {
    copyProjectBundle();
    TestJars.withClasses(
        dir.resolve("pipeline-src/target/clickflow-pipeline-9.9.9-serverless.jar"), MAIN);

    Run run =
        run(
            dir,
            "validate",
            "--target",
            "prod",
            "--schema",
            SharedSchema.path().toAbsolutePath().toString());

    assertThat(run.out().lines())
        .containsExactly(
            "databricks.yml:$.variables.pipeline_jar_name.default: pipeline_jar_name '"
                + projectJarName()
                + "' is not the JAR the build made (clickflow-pipeline-9.9.9-serverless.jar in"
                + " pipeline-src/target): the job would look for a file the deploy does not"
                + " upload — set it to 'clickflow-pipeline-9.9.9-serverless.jar'",
            "bundle invalid: 1 problem");
    assertThat(run.exitCode()).isEqualTo(1);
  }

  @Test
  void anInvalidBundlePrintsOneLinePerProblemThenTheCountAndExits1() {
    Path bundle = dir.resolve("bundle");
    String job =
        TestBundles.jobWithTaskLines("new_cluster: {}")
            .replace("max_concurrent_runs: 1", "max_concurrent_runs: many");
    TestBundles.write(bundle, Map.of(TestBundles.JOB_FILE, job));
    TestJars.withClasses(
        dir.resolve("pipeline-src/target/clickflow-pipeline-0.1.0-serverless.jar"), MAIN);

    Run run = run(dir, "validate", "--schema", TestBundles.miniSchema().toString());

    assertThat(run.out().lines())
        .containsExactly(
            "resources/pipeline.job.yml:$.resources.jobs.pipeline.max_concurrent_runs:"
                + " expected integer or a ${...} reference, found string \"many\"",
            "resources/pipeline.job.yml:$.resources.jobs.pipeline.tasks[0].new_cluster:"
                + " 'new_cluster' is not allowed: clickflow jobs run on serverless compute only —"
                + " give the task an environment_key declared in the job's environments",
            "bundle invalid: 2 problems");
    assertThat(run.exitCode()).isEqualTo(1);
  }

  @Test
  void warningsAloneLeaveTheBundleValid() {
    TestBundles.writeValid(dir.resolve("bundle"));

    Run run = run(dir, "validate", "--schema", TestBundles.miniSchema().toString());

    assertThat(run.out().lines())
        .hasSize(2)
        .first()
        .asString()
        .startsWith("warning: main-class check skipped");
    assertThat(run.out().lines()).last().isEqualTo("bundle valid: 2 files, target dev");
    assertThat(run.exitCode()).isZero();
  }

  @Test
  void theSchemaComesFromTheEnvironmentWhenNoFlagIsGiven() {
    TestBundles.writeValid(dir.resolve("bundle"));
    TestJars.withClasses(
        dir.resolve("pipeline-src/target/clickflow-pipeline-0.1.0-serverless.jar"), MAIN);
    Map<String, String> env =
        Map.of("CLICKFLOW_BUNDLE_SCHEMA", TestBundles.miniSchema().toString());

    Run run = run(env, dir, "validate");

    assertThat(run.out()).isEqualTo("bundle valid: 2 files, target dev\n");
    assertThat(run.err()).contains("schema from CLICKFLOW_BUNDLE_SCHEMA");
  }

  @Test
  void withoutASchemaItPrintsOneErrorLineAndExits2() {
    TestBundles.writeValid(dir.resolve("bundle"));

    Run run = run(Map.of("PATH", dir.toString()), dir, "validate");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines())
        .containsExactly(
            "bundle validate: no bundle schema found — pass --schema <file>, set"
                + " CLICKFLOW_BUNDLE_SCHEMA=<file>, or put the Databricks CLI (databricks) on the"
                + " PATH");
  }

  @Test
  void aMissingBundleDirectoryExits2() {
    Run run =
        run(
            dir,
            "validate",
            "--bundle-dir",
            "nowhere",
            "--schema",
            TestBundles.miniSchema().toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no databricks.yml");
  }

  @Test
  void anUnknownOptionExits2() {
    assertThat(run(dir, "validate", "--frobnicate").exitCode()).isEqualTo(2);
  }

  @Test
  void helpReadsLikeAManPage() {
    Run run = run(dir, "validate", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains(
            "NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "ENVIRONMENT", "EXAMPLES")
        .contains("--target", "--schema", "--bundle-dir", "--jar")
        .contains("./clickflow bundle validate --target prod")
        .contains("clickflow-pipeline-*-serverless.jar", "load ${var.pipeline_jar_name};")
        .doesNotContain("null");
  }

  @Test
  void theTopLevelHelpListsEveryCommand() {
    Run run = run(dir, "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("validate", "render", "plan", "run", "status")
        .contains("./clickflow bundle plan --profile dev");
  }

  @Test
  void noSubcommandIsAUsageError() {
    Run run = run(dir);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("validate");
  }

  /** Copies the project's bundle to {@code dir/bundle}, so that {@code dir} is the repo root. */
  private Path copyProjectBundle() throws IOException {
    Path bundle = dir.resolve("bundle");
    Files.createDirectories(bundle.resolve("resources"));
    Files.copy(Path.of("databricks.yml"), bundle.resolve("databricks.yml"));
    Files.copy(
        Path.of("resources/clickflow_pipeline.job.yml"),
        bundle.resolve("resources/clickflow_pipeline.job.yml"));
    return bundle;
  }

  private static String projectJarName() {
    return TestBundles.load(Path.of(""))
        .files()
        .get(0)
        .root()
        .at("/variables/pipeline_jar_name/default")
        .asText();
  }

  private record Run(int exitCode, String out, String err) {}

  private Run run(Path workingDir, String... args) {
    return run(Map.of("PATH", ""), workingDir, args);
  }

  private Run run(Map<String, String> env, Path workingDir, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = BundleCli.commandLine(env, noProcesses, workingDir);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exitCode = cli.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }
}
