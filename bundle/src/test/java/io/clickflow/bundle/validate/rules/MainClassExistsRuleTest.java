package io.clickflow.bundle.validate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.bundle.TestBundles;
import io.clickflow.bundle.TestJars;
import io.clickflow.bundle.config.Bundle;
import io.clickflow.bundle.config.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainClassExistsRuleTest {
  private static final String MAIN = "io.clickflow.pipeline.PipelineCli";

  @TempDir Path dir;

  @Test
  void passesWhenTheJarHoldsTheMainClass() {
    Path jar =
        TestJars.withClasses(dir.resolve("pipeline.jar"), MAIN, "io.clickflow.pipeline.Other");

    assertThat(rule(jar).check(fixture())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"io.clickflow.pipeline.Main", "io.clickflow.PipelineCli", "PipelineCli"})
  void reportsAMainClassThatIsNotInTheJar(String missing) {
    Path jar = TestJars.withClasses(dir.resolve("pipeline.jar"), MAIN);
    String job = TestBundles.JOB_YML.replace(MAIN, missing);

    assertThat(rule(jar).check(TestBundles.loadWithJob(dir.resolve("bundle"), job)))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.isError()).isTrue();
              assertThat(problem.file()).isEqualTo(TestBundles.JOB_FILE);
              assertThat(problem.location())
                  .isEqualTo("$.resources.jobs.pipeline.tasks[0].spark_jar_task.main_class_name");
              assertThat(problem.message())
                  .contains(missing)
                  .contains(missing.replace('.', '/') + ".class");
            });
  }

  @Test
  void withoutAJarTheCheckIsSkippedWithAWarningSayingHowToBuildOne() {
    String searched = new PipelineJarLocator(dir.resolve("repo")).searchedPattern();
    MainClassExistsRule rule = new MainClassExistsRule(Optional.empty(), searched);

    assertThat(rule.check(fixture()))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.isError()).isFalse();
              assertThat(problem.format())
                  .startsWith("warning: main-class check skipped: no serverless pipeline JAR")
                  .contains(searched)
                  .contains("pipeline-src/target/clickflow-pipeline-*-serverless.jar")
                  .contains(PipelineJarLocator.BUILD_COMMAND)
                  .contains("--jar");
            });
  }

  @Test
  void thePlainJarAloneDoesNotPassTheCheck() {
    Path repo = dir.resolve("repo");
    TestJars.withClasses(repo.resolve("pipeline-src/target/clickflow-pipeline-0.1.0.jar"), MAIN);

    assertThat(ruleFromBuildOutput(repo).check(fixture()))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.isError()).isFalse();
              assertThat(problem.message()).startsWith("main-class check skipped");
            });
  }

  @Test
  void theServerlessJarFromTheBuildIsTheOneChecked() {
    Path repo = dir.resolve("repo");
    TestJars.withClasses(repo.resolve("pipeline-src/target/clickflow-pipeline-0.1.0.jar"), MAIN);
    Path serverless =
        TestJars.withClasses(
            repo.resolve("pipeline-src/target/clickflow-pipeline-0.1.0-serverless.jar"),
            "io.clickflow.pipeline.Other");

    assertThat(ruleFromBuildOutput(repo).check(fixture()))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.isError()).isTrue();
              assertThat(problem.message()).contains(MAIN).contains(serverless.toString());
            });
  }

  @Test
  void anInterpolatedMainClassIsAWarning() {
    Path jar = TestJars.withClasses(dir.resolve("pipeline.jar"), MAIN);
    String job = TestBundles.JOB_YML.replace(MAIN, "${var.main_class}");

    assertThat(rule(jar).check(TestBundles.loadWithJob(dir.resolve("bundle"), job)))
        .singleElement()
        .satisfies(problem -> assertThat(problem.isError()).isFalse());
  }

  @Test
  void anUnreadableJarIsAnError() throws Exception {
    Path jar = Files.writeString(dir.resolve("broken.jar"), "not a zip");

    assertThat(rule(jar).check(fixture()))
        .singleElement()
        .extracting(Problem::isError)
        .isEqualTo(true);
  }

  private Bundle fixture() {
    return TestBundles.load(TestBundles.writeValid(dir.resolve("bundle")));
  }

  private static MainClassExistsRule ruleFromBuildOutput(Path repo) {
    PipelineJarLocator locator = new PipelineJarLocator(repo);
    return new MainClassExistsRule(locator.locate(Optional.empty()), locator.searchedPattern());
  }

  private static MainClassExistsRule rule(Path jar) {
    return new MainClassExistsRule(Optional.of(jar), "unused");
  }
}
