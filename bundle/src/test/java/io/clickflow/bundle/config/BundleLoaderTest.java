package io.clickflow.bundle.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickflow.bundle.TestBundles;
import io.clickflow.bundle.UsageException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleLoaderTest {
  @TempDir Path dir;

  private final BundleLoader loader = new BundleLoader();

  @Test
  void loadsTheRootFileThenIncludedFilesInNameOrder() {
    TestBundles.write(
        dir,
        Map.of(
            "resources/b.yml", "resources: {}\n",
            "resources/a.yml", "resources: {}\n",
            "resources/nested/c.yml", "resources: {}\n",
            "resources/notes.txt", "not configuration\n"));

    BundleLoader.Result result = loader.load(dir);

    assertThat(result.problems()).isEmpty();
    assertThat(result.bundle().files())
        .extracting(BundleFile::name)
        .containsExactly(
            "databricks.yml", "resources/a.yml", "resources/b.yml", "resources/pipeline.job.yml");
  }

  @Test
  void reportsAnIncludeGlobThatMatchesNothing() {
    String root = TestBundles.DATABRICKS_YML.replace("resources/*.yml", "jobs/*.yml");
    TestBundles.write(dir, Map.of("databricks.yml", root));

    BundleLoader.Result result = loader.load(dir);

    assertThat(result.problems())
        .extracting(Problem::format)
        .containsExactly(
            "databricks.yml:$.include[0]: include glob 'jobs/*.yml' matches no file in the bundle"
                + " directory");
  }

  @Test
  void reportsUnparsableYamlWithFileAndLine() {
    TestBundles.write(dir, Map.of(TestBundles.JOB_FILE, "resources:\n  jobs: [unclosed\n"));

    BundleLoader.Result result = loader.load(dir);

    assertThat(result.bundle().files())
        .extracting(BundleFile::name)
        .containsExactly("databricks.yml");
    assertThat(result.problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.file()).isEqualTo(TestBundles.JOB_FILE);
              assertThat(problem.location()).isNotEmpty();
              assertThat(problem.message()).startsWith("not valid YAML");
            });
  }

  @Test
  void readsAnEmptyIncludedFileAsAnEmptyMapping() {
    TestBundles.write(dir, Map.of("resources/empty.yml", ""));

    BundleLoader.Result result = loader.load(dir);

    assertThat(result.problems()).isEmpty();
    assertThat(result.bundle().files()).hasSize(3);
  }

  @Test
  void aDirectoryWithoutDatabricksYmlIsAUsageError() {
    assertThatThrownBy(() -> loader.load(dir))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("no databricks.yml")
        .hasMessageContaining("--bundle-dir");
  }

  @Test
  void theRepositoryRootIsTheParentOfTheBundleDirectory() {
    Path bundleDir = TestBundles.writeValid(dir.resolve("bundle"));

    assertThat(loader.load(bundleDir).bundle().repoRoot()).isEqualTo(dir.toAbsolutePath());
  }
}
