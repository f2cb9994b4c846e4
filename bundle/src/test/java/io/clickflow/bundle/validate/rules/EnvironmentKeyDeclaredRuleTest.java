package io.clickflow.bundle.validate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.bundle.TestBundles;
import io.clickflow.bundle.config.Problem;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnvironmentKeyDeclaredRuleTest {
  @TempDir Path dir;

  private final EnvironmentKeyDeclaredRule rule = new EnvironmentKeyDeclaredRule();

  @Test
  void theFixturePasses() {
    assertThat(rule.check(TestBundles.load(TestBundles.writeValid(dir)))).isEmpty();
  }

  static Stream<Arguments> brokenJobs() {
    return Stream.of(
        Arguments.of(
            "no environment_key",
            TestBundles.jobWithoutTaskEnvironment(),
            "$.resources.jobs.pipeline.tasks[0]",
            "has no environment_key"),
        Arguments.of(
            "undeclared environment_key",
            TestBundles.JOB_YML.replace(
                "environment_key: default\n          spark",
                "environment_key: java\n          spark"),
            "$.resources.jobs.pipeline.tasks[0].environment_key",
            "does not declare"),
        Arguments.of(
            "no environments at all",
            TestBundles.JOB_YML.substring(0, TestBundles.JOB_YML.indexOf("      environments:")),
            "$.resources.jobs.pipeline.tasks[0].environment_key",
            "does not declare"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenJobs")
  void reportsTheTask(String name, String jobYml, String path, String message) {
    assertThat(rule.check(TestBundles.loadWithJob(dir, jobYml)))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.file()).isEqualTo(TestBundles.JOB_FILE);
              assertThat(problem.location()).isEqualTo(path);
              assertThat(problem.message()).contains(message);
            });
  }

  @Test
  void aTargetOverrideThatOnlyChangesParametersIsMergedWithTheBaseTask() {
    String root =
        TestBundles.DATABRICKS_YML
            + """
              staging:
                resources:
                  jobs:
                    pipeline:
                      tasks:
                        - task_key: bronze
                          spark_jar_task:
                            parameters: ["run", "--catalog", "staging"]
            """;
    TestBundles.write(dir, Map.of("databricks.yml", root));

    assertThat(rule.check(TestBundles.load(dir))).isEmpty();
  }

  @Test
  void aConditionTaskNeedsNoEnvironment() {
    String job =
        TestBundles.JOB_YML.replace(
            "      environments:",
            """
                    - task_key: gate
                      condition_task: {op: EQUAL_TO, left: "1", right: "1"}
                  environments:""");

    assertThat(rule.check(TestBundles.loadWithJob(dir, job))).extracting(Problem::format).isEmpty();
  }
}
