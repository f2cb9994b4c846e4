package io.clickflow.bundle.validate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.bundle.TestBundles;
import io.clickflow.bundle.config.Bundle;
import io.clickflow.bundle.config.Problem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PipelineJarNameRuleTest {
  private static final String NAME = "clickflow-pipeline-1.2.3-serverless.jar";
  private static final String SOURCE = "../pipeline-src/target/clickflow-pipeline-*-serverless.jar";

  private static final String ROOT =
      TestBundles.DATABRICKS_YML.replace(
              "variables:\n",
              "variables:\n"
                  + "  pipeline_jar_name:\n"
                  + "    description: The pipeline JAR.\n"
                  + "    default: "
                  + NAME
                  + "\n")
          + "\n"
          + "artifacts:\n"
          + "  pipeline_jar:\n"
          + "    type: jar\n"
          + "    path: ..\n"
          + "    build: mvn -B -q package\n"
          + "    files:\n"
          + "      - source: "
          + SOURCE
          + "\n";

  private static final String JOB =
      TestBundles.JOB_YML.replace(".internal/pipeline.jar", ".internal/${var.pipeline_jar_name}");

  private static final String PROD = "  prod:\n    mode: production\n";

  @TempDir Path dir;

  @Test
  void passesWhenTheVariableTheArtifactTheJobAndTheBuildAgree() {
    Bundle bundle = write(ROOT, JOB);

    assertThat(rule(Optional.empty(), Optional.of(dir.resolve(NAME))).check(bundle)).isEmpty();
    assertThat(rule(Optional.of("prod"), Optional.empty()).check(bundle)).isEmpty();
  }

  @Test
  void aBundleWithoutTheVariableIsLeftAlone() {
    Bundle bundle = TestBundles.load(TestBundles.writeValid(dir));

    assertThat(rule(Optional.empty(), Optional.of(dir.resolve("anything.jar"))).check(bundle))
        .isEmpty();
  }

  @Test
  void referencesAndDependenciesOutsideTheUploadFolderAreNotChecked() {
    Bundle bundle =
        write(
            ROOT.replace("default: " + NAME, "default: ${var.other}"),
            JOB.replace(
                "- ${workspace.artifact_path}/.internal/${var.pipeline_jar_name}",
                "- /Volumes/main/libs/jars/extra.jar"));

    assertThat(rule(Optional.empty(), Optional.of(dir.resolve(NAME))).check(bundle)).isEmpty();
  }

  static Stream<Arguments> disagreements() {
    String plain = "clickflow-pipeline-1.2.3.jar";
    return Stream.of(
        Arguments.of(
            "the plain JAR",
            ROOT.replace("default: " + NAME, "default: " + plain)
                .replace(SOURCE, "../pipeline-src/target/clickflow-pipeline-*.jar"),
            JOB,
            Optional.empty(),
            Optional.empty(),
            "databricks.yml:$.variables.pipeline_jar_name.default",
            "'" + plain + "' is not the serverless JAR"),
        Arguments.of(
            "an artifact that uploads another file",
            ROOT.replace(SOURCE, "../pipeline-src/target/clickflow-pipeline-*-fat.jar"),
            JOB,
            Optional.empty(),
            Optional.empty(),
            "databricks.yml:$.variables.pipeline_jar_name.default",
            "matches no artifact's files.source [../pipeline-src/target/clickflow-pipeline-*-fat"
                + ".jar]"),
        Arguments.of(
            "a literal dependency that is not the variable",
            ROOT,
            JOB.replace("${var.pipeline_jar_name}", "clickflow-pipeline-0.0.1-serverless.jar"),
            Optional.empty(),
            Optional.empty(),
            "resources/pipeline.job.yml:$.resources.jobs.pipeline.environments[0].spec"
                + ".java_dependencies[0]",
            "java_dependencies loads 'clickflow-pipeline-0.0.1-serverless.jar'"),
        Arguments.of(
            "a target override with the plain JAR",
            ROOT.replace(PROD, PROD + "    variables:\n      pipeline_jar_name: " + plain + "\n"),
            JOB,
            Optional.of("prod"),
            Optional.empty(),
            "databricks.yml:$.targets.prod.variables.pipeline_jar_name",
            "'" + plain + "' is not the serverless JAR"),
        Arguments.of(
            "a version bump the variable missed",
            ROOT,
            JOB,
            Optional.empty(),
            Optional.of("clickflow-pipeline-1.3.0-serverless.jar"),
            "databricks.yml:$.variables.pipeline_jar_name.default",
            "is not the JAR the build made (clickflow-pipeline-1.3.0-serverless.jar"),
        Arguments.of(
            "the selected target's override is the one compared with the build",
            ROOT.replace(PROD, PROD + "    variables:\n      pipeline_jar_name: " + NAME + "\n")
                .replace("default: " + NAME, "default: clickflow-pipeline-1.3.0-serverless.jar"),
            JOB,
            Optional.of("prod"),
            Optional.of("clickflow-pipeline-1.3.0-serverless.jar"),
            "databricks.yml:$.targets.prod.variables.pipeline_jar_name",
            "'" + NAME + "' is not the JAR the build made"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("disagreements")
  void reportsEachDisagreementWhereItIsWritten(
      String name,
      String root,
      String job,
      Optional<String> target,
      Optional<String> built,
      String where,
      String message) {
    Bundle bundle = write(root, job);

    assertThat(rule(target, built.map(dir::resolve)).check(bundle))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.isError()).isTrue();
              assertThat(problem.format()).startsWith(where + ": ").contains(message);
            });
  }

  @Test
  void theProjectBundleAgreesWithItselfAndUploadsOnlyTheServerlessJar() {
    Bundle project = TestBundles.load(Path.of(""));
    String name = project.files().get(0).root().at("/variables/pipeline_jar_name/default").asText();
    String source =
        project.files().get(0).root().at("/artifacts/pipeline_jar/files/0/source").asText();
    PathMatcher glob =
        FileSystems.getDefault()
            .getPathMatcher("glob:" + source.substring(source.lastIndexOf('/') + 1));
    Predicate<Path> uploaded = glob::matches;

    assertThat(rule(Optional.of("prod"), Optional.of(dir.resolve(name))).check(project))
        .extracting(Problem::format)
        .isEmpty();
    assertThat(uploaded)
        .accepts(Path.of(name))
        .rejects(Path.of(name.replace("-serverless.jar", ".jar")));
  }

  private Bundle write(String root, String job) {
    return TestBundles.load(
        TestBundles.write(
            dir.resolve("bundle"), Map.of("databricks.yml", root, TestBundles.JOB_FILE, job)));
  }

  private static PipelineJarNameRule rule(Optional<String> target, Optional<Path> built) {
    return new PipelineJarNameRule(target, built);
  }
}
