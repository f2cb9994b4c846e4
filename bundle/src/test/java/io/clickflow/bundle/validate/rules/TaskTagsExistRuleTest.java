package io.clickflow.bundle.validate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.bundle.TestBundles;
import io.clickflow.bundle.config.Bundle;
import io.clickflow.bundle.config.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TaskTagsExistRuleTest {
  private static final String KNOWN = "known tags: [bronze, silver, gold, mv]";
  private static final String ARGUMENTS = "[\"run\", \"--catalog\", \"${var.catalog}\"]";
  private static final String JOB_PARAMETERS =
      """
            parameters:
              - name: gold_tags
                default: gold
              - name: gold_full_refresh
                default: ""
      """;

  @TempDir Path dir;

  private final TaskTagsExistRule rule = new TaskTagsExistRule();

  @Test
  void theProjectBundlePasses() {
    assertThat(rule.check(TestBundles.load(Path.of("")))).isEmpty();
  }

  @Test
  void theFixtureWithoutTagsPasses() {
    assertThat(rule.check(TestBundles.load(TestBundles.writeValid(dir)))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[\"run\", \"--tags\", \"{{job.parameters.gold_tags}}\"]",
        "[\"run\", \"--tags={{job.parameters.gold_tags}},mv\"]",
        "[\"run\", \"--tags\", \" gold , ,mv\"]",
        "[\"run\", \"--tags\", \"\"]",
        "[\"run\", \"--full-refresh={{job.parameters.gold_full_refresh}}\", \"--tags\", \"mv\"]",
      })
  void knownTagsAndEmptyEntriesPass(String arguments) {
    Bundle bundle = TestBundles.loadWithJob(dir, job(JOB_PARAMETERS, arguments));

    assertThat(rule.check(bundle)).isEmpty();
  }

  static Stream<Arguments> unknownTags() {
    String tasks = "$.resources.jobs.pipeline.tasks[0].spark_jar_task.parameters";
    return Stream.of(
        Arguments.of(
            "a literal tag",
            job(JOB_PARAMETERS, "[\"run\", \"--tags\", \"gold,gld\"]"),
            tasks + "[2]",
            "task 'bronze' passes --tags gold,gld: tag 'gld' is not in the pipeline graph; "
                + KNOWN),
        Arguments.of(
            "a literal tag after =",
            job(JOB_PARAMETERS, "[\"run\", \"--tags=Gold\"]"),
            tasks + "[1]",
            "task 'bronze' passes --tags Gold: tag 'Gold' is not in the pipeline graph; " + KNOWN),
        Arguments.of(
            "a tag in a job parameter's default",
            job(
                JOB_PARAMETERS.replace("default: gold", "default: \"gold, mvs\""),
                "[\"run\", \"--tags\", \"{{job.parameters.gold_tags}}\"]"),
            "$.resources.jobs.pipeline.parameters[0].default",
            "task 'bronze' passes --tags {{job.parameters.gold_tags}}, whose default is \"gold,"
                + " mvs\": tag 'mvs' is not in the pipeline graph; "
                + KNOWN),
        Arguments.of(
            "a job parameter the job does not declare",
            job(JOB_PARAMETERS, "[\"run\", \"--tags\", \"{{job.parameters.gold_tag}}\"]"),
            tasks + "[2]",
            "task 'bronze' passes --tags {{job.parameters.gold_tag}}, but job 'pipeline' declares"
                + " no parameter 'gold_tag'; declared: [gold_tags, gold_full_refresh]"),
        Arguments.of(
            "--tags with nothing after it",
            job(JOB_PARAMETERS, "[\"run\", \"--tags\"]"),
            tasks + "[1]",
            "task 'bronze' passes --tags as its last parameter, with no value after it"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unknownTags")
  void reportsTheTaskTheTagAndTheKnownTags(
      String name, String jobYml, String location, String message) {
    assertThat(rule.check(TestBundles.loadWithJob(dir, jobYml)))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.isError()).isTrue();
              assertThat(problem.file()).isEqualTo(TestBundles.JOB_FILE);
              assertThat(problem.location()).isEqualTo(location);
              assertThat(problem.message()).isEqualTo(message);
            });
  }

  @Test
  void aTargetThatOverridesTheDefaultIsCheckedWhereItDoes() {
    String root =
        TestBundles.DATABRICKS_YML
            + """
                resources:
                  jobs:
                    pipeline:
                      parameters:
                        - name: gold_tags
                          default: gold,views
            """;
    TestBundles.write(
        dir,
        Map.of(
            Bundle.ROOT_FILE,
            root,
            TestBundles.JOB_FILE,
            job(JOB_PARAMETERS, "[\"run\", \"--tags\", \"{{job.parameters.gold_tags}}\"]")));

    assertThat(rule.check(TestBundles.load(dir)))
        .extracting(Problem::format)
        .containsExactly(
            "databricks.yml:$.targets.prod.resources.jobs.pipeline.parameters[0].default: task"
                + " 'bronze' passes --tags {{job.parameters.gold_tags}}, whose default is"
                + " \"gold,views\": tag 'views' is not in the pipeline graph; "
                + KNOWN);
  }

  @Test
  void aTagFromABundleVariableIsOnlyAWarning() {
    String job = job(JOB_PARAMETERS, "[\"run\", \"--tags\", \"gold,${var.extra_tags}\"]");

    assertThat(rule.check(TestBundles.loadWithJob(dir, job)))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.isError()).isFalse();
              assertThat(problem.message()).contains("'${var.extra_tags}'", "cannot be checked");
            });
  }

  @Test
  void aTypoInTheProjectBundlesDefaultIsCaught() throws IOException {
    Path copy = dir.resolve("bundle");
    Files.createDirectories(copy.resolve("resources"));
    Files.copy(Path.of(Bundle.ROOT_FILE), copy.resolve(Bundle.ROOT_FILE));
    String job = Files.readString(Path.of("resources/clickflow_pipeline.job.yml"));
    assertThat(job).contains("default: gold\n");
    Files.writeString(
        copy.resolve("resources/clickflow_pipeline.job.yml"),
        job.replace("default: gold\n", "default: gold,mv,platinum\n"));

    assertThat(rule.check(TestBundles.load(copy)))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.file()).isEqualTo("resources/clickflow_pipeline.job.yml");
              assertThat(problem.location())
                  .isEqualTo("$.resources.jobs.clickflow_pipeline.parameters[2].default");
              assertThat(problem.message())
                  .startsWith("task 'gold' passes --tags {{job.parameters.gold_tags}}")
                  .endsWith("tag 'platinum' is not in the pipeline graph; " + KNOWN);
            });
  }

  /** The fixture job with job parameters and the given arguments for its only task. */
  private static String job(String jobParameters, String arguments) {
    String job =
        TestBundles.JOB_YML
            .replace(
                "      max_concurrent_runs: 1\n", "      max_concurrent_runs: 1\n" + jobParameters)
            .replace(ARGUMENTS, arguments);
    if (!job.contains(arguments)) {
      throw new IllegalStateException("the fixture job no longer holds " + ARGUMENTS);
    }
    return job;
  }
}
