package io.clickflow.bundle.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.service.jobs.CreateJob;
import com.databricks.sdk.service.jobs.JobSettings;
import com.databricks.sdk.service.jobs.PauseStatus;
import com.databricks.sdk.service.jobs.Task;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickflow.bundle.CliRunner;
import io.clickflow.bundle.TestBundles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bundle render} on the project's own bundle: the output must be what the Jobs API accepts,
 * so it is read back into databricks-sdk-java's request model with a mapper that rejects unknown
 * fields, unknown enum values and text where a number belongs.
 */
class RenderCommandTest {
  private static final String PIPELINE_MAIN = "io.clickflow.pipeline.PipelineCli";
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          .configure(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL, false)
          .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
          .configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false)
          .build();

  @TempDir Path dir;

  @Test
  void theDevJobIsValidJobsApiSettings() throws Exception {
    CliRunner.Result result = CliRunner.offline(Path.of("")).run("render", "--target", "dev");

    assertThat(result.exitCode()).isZero();
    JobSettings settings = STRICT.readValue(result.out(), JobSettings.class);
    STRICT.readValue(result.out(), CreateJob.class);

    assertThat(settings.getName())
        .isEqualTo("[dev ${workspace.current_user.short_name}] clickflow_pipeline");
    assertThat(settings.getTasks())
        .extracting(Task::getTaskKey)
        .containsExactly("bronze", "silver", "gold");
    Task silver = List.copyOf(settings.getTasks()).get(1);
    assertThat(silver.getDependsOn()).extracting(d -> d.getTaskKey()).containsExactly("bronze");
    assertThat(silver.getEnvironmentKey()).isEqualTo("default");
    assertThat(silver.getSparkJarTask().getMainClassName()).isEqualTo(PIPELINE_MAIN);
    assertThat(silver.getSparkJarTask().getParameters())
        .containsSubsequence("--tags", "{{job.parameters.silver_tags}}")
        .containsSubsequence("--catalog", "clickflow_dev", "--schema", "clickstream")
        .containsSubsequence("--landing", "/Volumes/clickflow_dev/clickstream/landing")
        .containsSubsequence("--checkpoints", "/Volumes/clickflow_dev/clickstream/checkpoints")
        .containsSubsequence("--pepper-secret-scope", "clickflow", "--pepper-secret-key");
    assertThat(settings.getEnvironments())
        .singleElement()
        .satisfies(
            environment -> {
              assertThat(environment.getSpec().getEnvironmentVersion()).isEqualTo("4");
              assertThat(environment.getSpec().getJavaDependencies())
                  .containsExactly(
                      "/Workspace/Users/${workspace.current_user.userName}/.bundle/clickflow/dev"
                          + "/artifacts/.internal/clickflow-pipeline-0.1.0-SNAPSHOT-serverless.jar");
            });
    assertThat(settings.getSchedule().getPauseStatus()).isEqualTo(PauseStatus.PAUSED);
    assertThat(settings.getQueue().getEnabled()).isTrue();
    assertThat(settings.getHealth().getRules()).hasSize(2);
    assertThat(settings.getEmailNotifications().getOnFailure())
        .containsExactly("${workspace.current_user.userName}");
    assertThat(settings.getParameters())
        .extracting(p -> p.getName())
        .contains("bronze_tags", "silver_full_refresh");
    assertThat(result.err())
        .isEqualTo(
            "bundle render: job clickflow_pipeline, target dev; known only to the workspace:"
                + " ${workspace.current_user.short_name}, ${workspace.current_user.userName}\n");
  }

  @Test
  void theProdJobRunsAsTheServicePrincipalFromTheEnvironment() throws Exception {
    CliRunner runner =
        new CliRunner(
            Path.of(""),
            profile -> {
              throw new AssertionError("render connected to a workspace");
            },
            Map.of(
                "BUNDLE_VAR_notification_email", "data@example.com",
                "BUNDLE_VAR_run_as_service_principal", "00000000-0000-0000-0000-00000000abcd"));

    CliRunner.Result result = runner.run("render", "--target", "prod");

    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).isEmpty();
    JobSettings settings = STRICT.readValue(result.out(), JobSettings.class);
    assertThat(settings.getName()).isEqualTo("clickflow_pipeline");
    assertThat(settings.getRunAs().getServicePrincipalName())
        .isEqualTo("00000000-0000-0000-0000-00000000abcd");
    assertThat(settings.getEmailNotifications().getOnFailure()).containsExactly("data@example.com");
    assertThat(settings.getSchedule().getPauseStatus()).isNull();
    assertThat(List.copyOf(settings.getTasks()).get(0).getSparkJarTask().getParameters())
        .containsSubsequence("--catalog", "clickflow_prod");
    assertThat(settings.getDeployment().getMetadataFilePath())
        .isEqualTo("/Workspace/Shared/.bundle/clickflow/prod/state/metadata.json");
  }

  @Test
  void theStrictReadingRejectsAFieldTheJobsApiDoesNotKnow() throws Exception {
    String out = CliRunner.offline(Path.of("")).run("render").out();
    ObjectNode tampered = (ObjectNode) STRICT.readTree(out);
    tampered.put("max_concurrent_run", 2);

    assertThatThrownBy(() -> STRICT.treeToValue(tampered, JobSettings.class))
        .isInstanceOf(UnrecognizedPropertyException.class);
  }

  @Test
  void aBundleTheJobsApiWouldRejectExits1WithOneLine() {
    TestBundles.write(
        dir.resolve("bundle"),
        Map.of(TestBundles.JOB_FILE, TestBundles.jobWithTaskLines("max_retries: often")));

    CliRunner.Result result = CliRunner.offline(dir).run("render");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .isEqualTo(
            "bundle render: job pipeline for target dev: $.tasks[0].max_retries: cannot read"
                + " \"often\" as Long\n");
  }

  @Test
  void aMissingVariableExits2AndSaysHowToSetIt() {
    CliRunner.Result result = CliRunner.offline(Path.of("")).run("render", "--target", "prod");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo(
            "bundle render: variable notification_email has no value for this target; pass --var"
                + " notification_email=<value> or set BUNDLE_VAR_notification_email\n");
  }

  @Test
  void theVarOptionFeedsVariables() throws Exception {
    TestBundles.writeValid(dir.resolve("bundle"));

    CliRunner.Result result =
        CliRunner.offline(dir).run("render", "--var", "catalog=from_flag", "--target", "prod");

    JsonNode settings = STRICT.readTree(result.out());
    assertThat(settings.at("/tasks/0/spark_jar_task/parameters/2").asText()).isEqualTo("from_flag");
  }

  @Test
  void helpReadsLikeAManPage() {
    CliRunner.Result result = CliRunner.offline(Path.of("")).run("render", "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "EXAMPLES")
        .contains("--target", "--bundle-dir", "--job", "--var")
        .contains("BUNDLE_VAR_<name>")
        .contains("${var.*} is resolved", "${bundle.name}, ${bundle.target}", "${workspace.host}")
        .doesNotContain("null");
  }
}
