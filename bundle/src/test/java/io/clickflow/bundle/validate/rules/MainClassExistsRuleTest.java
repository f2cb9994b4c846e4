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
    MainClassExistsRule rule =
        new MainClassExistsRule(
            Optional.empty(), "/repo/pipeline-src/target/clickflow-pipeline-*.jar");

    assertThat(rule.check(fixture()))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.isError()).isFalse();
              assertThat(problem.format())
                  .startsWith("warning: main-class check skipped")
                  .contains("/repo/pipeline-src/target/clickflow-pipeline-*.jar")
                  .contains(PipelineJarLocator.BUILD_COMMAND)
                  .contains("--jar");
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

  private static MainClassExistsRule rule(Path jar) {
    return new MainClassExistsRule(Optional.of(jar), "unused");
  }
}
