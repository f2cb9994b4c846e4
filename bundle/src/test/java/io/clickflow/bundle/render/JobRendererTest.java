package io.clickflow.bundle.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickflow.bundle.TestBundles;
import io.clickflow.bundle.UsageException;
import io.clickflow.bundle.config.Bundle;
import io.clickflow.bundle.workspace.CurrentUser;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobRendererTest {
  private static final CurrentUser JANE = new CurrentUser("jane.doe@example.com", "Jane Doe");

  @TempDir Path dir;

  private final JobRenderer renderer = new JobRenderer();

  @Test
  void developmentModeAddsThePresetsThatDependOnTheDeployingUser() {
    RenderedJob job = render(TestBundles.writeValid(dir), "dev", Map.of(), Map.of());

    assertThat(job.name()).isEqualTo("[dev ${workspace.current_user.short_name}] pipeline");
    assertThat(job.settings().path("tags").path("dev").asText())
        .isEqualTo("${workspace.current_user.short_name}");
    assertThat(job.unresolvedReferences())
        .containsExactly(
            "${workspace.current_user.short_name}", "${workspace.current_user.userName}");
  }

  @Test
  void theWorkspaceResolvesWhatOnlyItKnows() {
    Bundle bundle = TestBundles.load(TestBundles.writeValid(dir));

    RenderedJob job =
        renderer.render(
            new RenderRequest(bundle, "dev", Optional.empty(), Map.of(), Map.of()),
            WorkspaceContext.of(JANE, "https://adb-1.azuredatabricks.net"));

    assertThat(job.name()).isEqualTo("[dev jane_doe] pipeline");
    assertThat(job.settings().at("/environments/0/spec/java_dependencies/0").asText())
        .isEqualTo(
            "/Workspace/Users/jane.doe@example.com/.bundle/fixture/dev/artifacts/.internal/pipeline.jar");
    assertThat(job.settings().at("/deployment/metadata_file_path").asText())
        .isEqualTo("/Workspace/Users/jane.doe@example.com/.bundle/fixture/dev/state/metadata.json");
    assertThat(job.unresolvedReferences()).isEmpty();
  }

  @Test
  void everyDeployAddsQueueingAndTheBundleAnnotation() {
    JsonNode settings = render(TestBundles.writeValid(dir), "prod", Map.of(), Map.of()).settings();

    assertThat(settings.at("/queue/enabled").asBoolean()).isTrue();
    assertThat(settings.at("/deployment/kind").asText()).isEqualTo("BUNDLE");
    assertThat(settings.path("edit_mode").asText()).isEqualTo("UI_LOCKED");
    assertThat(settings.path("format").asText()).isEqualTo("MULTI_TASK");
    assertThat(settings.path("name").asText()).isEqualTo("pipeline");
    assertThat(settings.has("tags")).isFalse();
  }

  @Test
  void aTargetOverridesTasksByKeyAndVariablesByValue() {
    String databricksYml =
        TestBundles.DATABRICKS_YML.replace(
            "    mode: production\n",
            String.join(
                "\n",
                "    mode: production",
                "    variables:",
                "      catalog: fixture_prod",
                "    run_as:",
                "      service_principal_name: 11111111-2222-3333-4444-555555555555",
                "    workspace:",
                "      root_path: /Shared/.bundle/${bundle.name}/${bundle.target}",
                "    resources:",
                "      jobs:",
                "        pipeline:",
                "          max_concurrent_runs: 3",
                "          tasks:",
                "            - task_key: bronze",
                "              timeout_seconds: 600",
                ""));
    TestBundles.write(dir, Map.of("databricks.yml", databricksYml));

    JsonNode settings = render(dir, "prod", Map.of(), Map.of()).settings();

    assertThat(settings.path("tasks")).hasSize(1);
    assertThat(settings.at("/tasks/0/timeout_seconds").asLong()).isEqualTo(600);
    assertThat(settings.at("/tasks/0/spark_jar_task/parameters/2").asText())
        .isEqualTo("fixture_prod");
    assertThat(settings.path("max_concurrent_runs").asLong()).isEqualTo(3);
    assertThat(settings.at("/run_as/service_principal_name").asText())
        .isEqualTo("11111111-2222-3333-4444-555555555555");
    assertThat(settings.at("/environments/0/spec/java_dependencies/0").asText())
        .isEqualTo("/Workspace/Shared/.bundle/fixture/prod/artifacts/.internal/pipeline.jar");
  }

  @Test
  void aVarOptionBeatsTheEnvironmentWhichBeatsTheDefault() {
    TestBundles.writeValid(dir);

    assertThat(catalog(render(dir, "dev", Map.of(), Map.of()))).isEqualTo("fixture_dev");
    assertThat(catalog(render(dir, "dev", Map.of(), Map.of("BUNDLE_VAR_catalog", "from_env"))))
        .isEqualTo("from_env");
    assertThat(
            catalog(
                render(
                    dir,
                    "dev",
                    Map.of("catalog", "from_flag"),
                    Map.of("BUNDLE_VAR_catalog", "from_env"))))
        .isEqualTo("from_flag");
  }

  @Test
  void variablesMayReferToOtherVariables() {
    String databricksYml =
        TestBundles.DATABRICKS_YML.replace(
            "    default: fixture_dev\n",
            String.join(
                "\n",
                "    default: fixture_dev",
                "  landing:",
                "    description: Where events land.",
                "    default: /Volumes/${var.catalog}/raw/landing",
                ""));
    String job =
        TestBundles.JOB_YML.replace(
            "\"${var.catalog}\"]", "\"${var.catalog}\", \"${var.landing}\"]");
    TestBundles.write(dir, Map.of("databricks.yml", databricksYml, TestBundles.JOB_FILE, job));

    JsonNode settings = render(dir, "dev", Map.of("catalog", "c1"), Map.of()).settings();

    assertThat(settings.at("/tasks/0/spark_jar_task/parameters/3").asText())
        .isEqualTo("/Volumes/c1/raw/landing");
  }

  @Test
  void aVariableWithoutAValueIsAUsageErrorThatSaysHowToGiveOne() {
    String databricksYml = TestBundles.DATABRICKS_YML.replace("    default: fixture_dev\n", "");
    TestBundles.write(dir, Map.of("databricks.yml", databricksYml));

    assertThatThrownBy(() -> render(dir, "dev", Map.of(), Map.of()))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "variable catalog has no value for this target; pass --var catalog=<value> or set"
                + " BUNDLE_VAR_catalog");
  }

  static Stream<Arguments> brokenJobs() {
    return Stream.of(
        Arguments.of(
            TestBundles.jobWithTaskLines("spark_jar_tsk: {}"),
            "job pipeline for target dev: $.tasks[0].spark_jar_tsk: 'spark_jar_tsk' is not a Jobs"
                + " API job setting"),
        Arguments.of(
            TestBundles.JOB_YML.replace("max_concurrent_runs: 1", "max_concurrent_runs: many"),
            "job pipeline for target dev: $.max_concurrent_runs: cannot read \"many\" as Long"),
        Arguments.of(
            TestBundles.jobWithTaskLines("run_if: SOMETIMES"),
            "job pipeline for target dev: $.tasks[0].run_if: cannot read \"SOMETIMES\" as RunIf"),
        Arguments.of(
            TestBundles.JOB_YML.replace("\"${var.catalog}\"", "\"${var.katalog}\""),
            "${var.katalog} refers to an undeclared variable; declared: [catalog]"));
  }

  @ParameterizedTest
  @MethodSource("brokenJobs")
  void whatTheJobsApiWouldRejectIsARenderProblemWithItsPath(String jobYml, String message) {
    TestBundles.write(dir, Map.of(TestBundles.JOB_FILE, jobYml));

    assertThatThrownBy(() -> render(dir, "dev", Map.of(), Map.of()))
        .isInstanceOf(RenderException.class)
        .hasMessage(message);
  }

  @Test
  void cyclicVariablesAreReported() {
    String databricksYml =
        TestBundles.DATABRICKS_YML.replace("default: fixture_dev", "default: ${var.catalog}_x");
    TestBundles.write(dir, Map.of("databricks.yml", databricksYml));

    assertThatThrownBy(() -> render(dir, "dev", Map.of(), Map.of()))
        .isInstanceOf(RenderException.class)
        .hasMessage("cyclic reference: ${var.catalog} → ${var.catalog}");
  }

  @Test
  void aJobDefinedInTwoFilesIsAProblem() {
    TestBundles.write(dir, Map.of("resources/copy.job.yml", TestBundles.JOB_YML));

    assertThatThrownBy(() -> render(dir, "dev", Map.of(), Map.of()))
        .isInstanceOf(RenderException.class)
        .hasMessage(
            "resources.jobs.pipeline is defined in both resources/copy.job.yml and"
                + " resources/pipeline.job.yml; keep one");
  }

  @Test
  void severalJobsNeedTheJobOption() {
    TestBundles.write(
        dir,
        Map.of(
            "resources/other.job.yml", TestBundles.JOB_YML.replace("    pipeline:", "    other:")));
    Bundle bundle = TestBundles.load(dir);

    assertThatThrownBy(
            () ->
                renderer.render(
                    new RenderRequest(bundle, "dev", Optional.empty(), Map.of(), Map.of()),
                    WorkspaceContext.offline()))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("pick one with --job");
    assertThat(
            renderer
                .render(
                    new RenderRequest(bundle, "dev", Optional.of("other"), Map.of(), Map.of()),
                    WorkspaceContext.offline())
                .key())
        .isEqualTo("other");
  }

  private RenderedJob render(
      Path bundleDir, String target, Map<String, String> vars, Map<String, String> env) {
    return renderer.render(
        new RenderRequest(TestBundles.load(bundleDir), target, Optional.empty(), vars, env),
        WorkspaceContext.offline());
  }

  private static String catalog(RenderedJob job) {
    return job.settings().at("/tasks/0/spark_jar_task/parameters/2").asText();
  }
}
