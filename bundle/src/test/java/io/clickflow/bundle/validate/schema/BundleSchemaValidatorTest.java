package io.clickflow.bundle.validate.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickflow.bundle.TestBundles;
import io.clickflow.bundle.UsageException;
import io.clickflow.bundle.config.BundleFile;
import io.clickflow.bundle.config.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How schema violations are reported, against a small schema shaped like the official one. */
class BundleSchemaValidatorTest {
  private static BundleSchemaValidator validator;

  @TempDir Path dir;

  @BeforeAll
  static void compile() throws Exception {
    Path schema = TestBundles.miniSchema();
    validator = BundleSchemaValidator.compile(new SchemaText(Files.readString(schema), "mini"));
  }

  @Test
  void aValidFileHasNoViolations() {
    assertThat(violations(TestBundles.JOB_YML)).isEmpty();
  }

  @Test
  void aStringWhereAnIntegerBelongsIsOneLineNamingBothTypes() {
    String job = TestBundles.JOB_YML.replace("max_concurrent_runs: 1", "max_concurrent_runs: many");

    assertThat(violations(job))
        .containsExactly(
            "resources/pipeline.job.yml:$.resources.jobs.pipeline.max_concurrent_runs:"
                + " expected integer or a ${...} reference, found string \"many\"");
  }

  @Test
  void anInterpolationIsAcceptedWhereAnIntegerBelongs() {
    String job =
        TestBundles.JOB_YML.replace("max_concurrent_runs: 1", "max_concurrent_runs: ${var.runs}");

    assertThat(violations(job)).isEmpty();
  }

  @Test
  void anUnknownKeyDeepInATaskIsOneLineAtItsOwnPath() {
    String job = TestBundles.jobWithTaskLines("frobnicate: 1");

    assertThat(violations(job))
        .containsExactly(
            "resources/pipeline.job.yml:$.resources.jobs.pipeline.tasks[0].frobnicate:"
                + " unknown property 'frobnicate' (not in the bundle schema)");
  }

  @Test
  void aPlainTypeMismatchKeepsTheValidatorsWording() {
    String job =
        TestBundles.JOB_YML.replace(
            "main_class_name: io.clickflow.pipeline.PipelineCli", "main_class_name: 5");

    assertThat(violations(job))
        .containsExactly(
            "resources/pipeline.job.yml:$.resources.jobs.pipeline.tasks[0].spark_jar_task.main_class_name:"
                + " integer found, string expected");
  }

  @Test
  void aSchemaThatIsNotJsonIsAUsageErrorNamingItsOrigin() {
    assertThatThrownBy(
            () -> BundleSchemaValidator.compile(new SchemaText("{not json", "--schema x.json")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--schema x.json");
  }

  @Test
  void honoursADeclaredDraft() throws Exception {
    String draft7 =
        """
        {"$schema": "http://json-schema.org/draft-07/schema#",
         "definitions": {"name": {"type": "string"}},
         "type": "object",
         "properties": {"bundle": {"type": "object", "properties": {"name": {"$ref": "#/definitions/name"}}}}}
        """;
    BundleSchemaValidator drafted = BundleSchemaValidator.compile(new SchemaText(draft7, "draft7"));

    List<Problem> problems = drafted.validate(file("bundle:\n  name: 3\n"));

    assertThat(problems).extracting(Problem::location).containsExactly("$.bundle.name");
  }

  private List<String> violations(String jobYml) {
    TestBundles.write(dir, Map.of(TestBundles.JOB_FILE, jobYml));
    BundleFile file = TestBundles.load(dir).files().get(1);
    return validator.validate(file).stream().map(Problem::format).toList();
  }

  private BundleFile file(String yaml) {
    TestBundles.write(dir, Map.of("databricks.yml", yaml));
    return TestBundles.load(dir).files().get(0);
  }
}
