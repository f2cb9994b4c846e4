package io.clickflow.bundle.validate.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.bundle.SharedSchema;
import io.clickflow.bundle.TestBundles;
import io.clickflow.bundle.config.Bundle;
import io.clickflow.bundle.config.BundleFile;
import io.clickflow.bundle.config.BundleLoader;
import io.clickflow.bundle.config.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real bundle and real mistakes, against the official Databricks bundle schema. */
class OfficialSchemaTest {
  @TempDir Path dir;

  @Test
  void theProjectBundlePassesTheOfficialSchema() {
    BundleLoader.Result loaded = new BundleLoader().load(Path.of(""));

    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.bundle().files())
        .extracting(BundleFile::name)
        .containsExactly("databricks.yml", "resources/clickflow_pipeline.job.yml");
    for (BundleFile file : loaded.bundle().files()) {
      assertThat(SharedSchema.validator().validate(file)).as(file.name()).isEmpty();
    }
  }

  @Test
  void theFixtureBundlePassesTheOfficialSchema() {
    Bundle bundle = TestBundles.load(TestBundles.writeValid(dir));

    for (BundleFile file : bundle.files()) {
      assertThat(SharedSchema.validator().validate(file)).as(file.name()).isEmpty();
    }
  }

  @Test
  void reportsAWrongTypeWithFileAndPath() {
    String job =
        TestBundles.JOB_YML.replace("max_concurrent_runs: 1", "max_concurrent_runs: \"many\"");

    assertThat(violations(job))
        .containsExactly(
            "resources/pipeline.job.yml:$.resources.jobs.pipeline.max_concurrent_runs:"
                + " expected integer or a ${...} reference, found string \"many\"");
  }

  @Test
  void reportsAnUnknownKeyInsideATaskWithFileAndPath() {
    String job = TestBundles.jobWithTaskLines("retries: 3");

    assertThat(violations(job))
        .containsExactly(
            "resources/pipeline.job.yml:$.resources.jobs.pipeline.tasks[0].retries:"
                + " unknown property 'retries' (not in the bundle schema)");
  }

  @Test
  void reportsAnUnknownHealthMetric() {
    String job =
        TestBundles.JOB_YML.replace(
            "max_concurrent_runs: 1\n",
            """
            max_concurrent_runs: 1
                  health:
                    rules:
                      - metric: STREAMING_BACKLOG_MINUTES
                        op: GREATER_THAN
                        value: 10
            """);

    assertThat(violations(job))
        .singleElement()
        .asString()
        .startsWith("resources/pipeline.job.yml:$.resources.jobs.pipeline.health.rules[0].metric:")
        .contains("STREAMING_BACKLOG_SECONDS");
  }

  private List<String> violations(String jobYml) {
    TestBundles.write(dir, Map.of(TestBundles.JOB_FILE, jobYml));
    BundleFile file = TestBundles.load(dir).files().get(1);
    return SharedSchema.validator().validate(file).stream().map(Problem::format).toList();
  }
}
