package io.clickflow.bundle.validate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.bundle.TestBundles;
import io.clickflow.bundle.config.Problem;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerlessOnlyRuleTest {
  @TempDir Path dir;

  private final ServerlessOnlyRule rule = new ServerlessOnlyRule();

  @Test
  void theServerlessFixturePasses() {
    assertThat(rule.check(TestBundles.load(TestBundles.writeValid(dir)))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "new_cluster: {spark_version: 17.3.x-scala2.13}"
            + " | $.resources.jobs.pipeline.tasks[0].new_cluster",
        "existing_cluster_id: 0101-abc | $.resources.jobs.pipeline.tasks[0].existing_cluster_id",
        "job_cluster_key: shared | $.resources.jobs.pipeline.tasks[0].job_cluster_key",
      })
  void aClusterKeyOnATaskIsReported(String line, String path) {
    String job = TestBundles.jobWithTaskLines(line);

    assertThat(rule.check(TestBundles.loadWithJob(dir, job)))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.file()).isEqualTo(TestBundles.JOB_FILE);
              assertThat(problem.location()).isEqualTo(path);
              assertThat(problem.message()).contains("serverless");
            });
  }

  @Test
  void jobClustersInATargetOverrideAreReported() {
    String root =
        TestBundles.DATABRICKS_YML
            + """
              staging:
                resources:
                  jobs:
                    pipeline:
                      job_clusters:
                        - job_cluster_key: big
            """;
    TestBundles.write(dir, Map.of("databricks.yml", root));

    assertThat(rule.check(TestBundles.load(dir)))
        .extracting(Problem::location)
        .containsExactlyInAnyOrder(
            "$.targets.staging.resources.jobs.pipeline.job_clusters",
            "$.targets.staging.resources.jobs.pipeline.job_clusters[0].job_cluster_key");
  }
}
