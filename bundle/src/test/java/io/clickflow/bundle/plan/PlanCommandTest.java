package io.clickflow.bundle.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickflow.bundle.CliRunner;
import io.clickflow.bundle.TestBundles;
import io.clickflow.bundle.render.JobRenderer;
import io.clickflow.bundle.render.RenderRequest;
import io.clickflow.bundle.render.WorkspaceContext;
import io.clickflow.bundle.workspace.CurrentUser;
import io.clickflow.bundle.workspace.LocalJobsApi;
import io.clickflow.bundle.workspace.LocalJobsApi.Response;
import io.clickflow.bundle.workspace.LocalWorkspace;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bundle plan} through the real SDK against a local Jobs API. */
class PlanCommandTest {
  private static final String JOB_NAME = "[dev jane_doe] pipeline";

  /**
   * The fixture job as jobs/get returns it after a dev deploy by jane, server defaults included.
   */
  private static final String DEPLOYED =
      """
      {"job_id":11,"creator_user_name":"jane.doe@example.com",
       "run_as_user_name":"jane.doe@example.com","created_time":1763816400000,
       "settings":{
         "name":"[dev jane_doe] pipeline",
         "email_notifications":{},"webhook_notifications":{},"timeout_seconds":0,
         "max_concurrent_runs":1,
         "tags":{"dev":"jane_doe"},
         "tasks":[{"task_key":"bronze","environment_key":"default","run_if":"ALL_SUCCESS",
           "timeout_seconds":0,"email_notifications":{},
           "spark_jar_task":{"main_class_name":"io.clickflow.pipeline.PipelineCli",
             "parameters":["run","--catalog","fixture_dev"]}}],
         "environments":[{"environment_key":"default","spec":{"environment_version":"4",
           "java_dependencies":["/Workspace/Users/jane.doe@example.com/.bundle/fixture/dev/artifacts/.internal/pipeline.jar"]}}],
         "format":"MULTI_TASK","queue":{"enabled":true},
         "run_as":{"user_name":"jane.doe@example.com"},"edit_mode":"UI_LOCKED",
         "deployment":{"kind":"BUNDLE",
           "metadata_file_path":"/Workspace/Users/jane.doe@example.com/.bundle/fixture/dev/state/metadata.json"}}}
      """;

  @TempDir Path dir;

  private LocalJobsApi api;
  private LocalWorkspace workspace;

  @BeforeEach
  void start() {
    api = LocalJobsApi.start();
    workspace = new LocalWorkspace(api);
    api.on("GET", "/api/2.0/preview/scim/v2/Me", Response.ok(LocalWorkspace.ME));
    TestBundles.writeValid(dir.resolve("bundle"));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aJobDeployedFromTheSameBundleIsUnchanged() {
    api.on("GET", "/api/2.2/jobs/list", Response.ok(LocalWorkspace.listing(11, JOB_NAME)));
    api.on("GET", "/api/2.2/jobs/get", Response.ok(DEPLOYED));

    CliRunner.Result result = plan();

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("unchanged job 11 '" + JOB_NAME + "'\n");
    assertThat(api.apiRequests())
        .extracting(LocalJobsApi.Request::endpoint)
        .containsExactly(
            "GET /api/2.0/preview/scim/v2/Me", "GET /api/2.2/jobs/list", "GET /api/2.2/jobs/get");
    assertThat(api.requests("GET", "/api/2.2/jobs/list").get(0).query())
        .containsEntry("name", JOB_NAME);
    assertThat(api.requests("GET", "/api/2.2/jobs/get").get(0).query())
        .containsEntry("job_id", "11");
  }

  @Test
  void driftIsReportedFieldByFieldWithOldAndNewValues() {
    String drifted =
        DEPLOYED
            .replace("\"max_concurrent_runs\":1", "\"max_concurrent_runs\":4")
            .replace("\"--catalog\",\"fixture_dev\"", "\"--catalog\",\"old_catalog\"")
            .replace(
                "\"tasks\":[",
                "\"tasks\":[{\"task_key\":\"legacy\",\"environment_key\":\"default\"},");
    api.on("GET", "/api/2.2/jobs/list", Response.ok(LocalWorkspace.listing(11, JOB_NAME)));
    api.on("GET", "/api/2.2/jobs/get", Response.ok(drifted));

    CliRunner.Result result = plan();

    assertThat(result.exitCode()).isZero();
    assertThat(result.out().lines())
        .containsExactly(
            "update job 11 '" + JOB_NAME + "': 3 changed fields",
            "  $.max_concurrent_runs: 4 → 1",
            "  $.tasks[?(@.task_key=='bronze')].spark_jar_task.parameters:"
                + " [\"run\",\"--catalog\",\"old_catalog\"] → [\"run\",\"--catalog\",\"fixture_dev\"]",
            "  $.tasks[?(@.task_key=='legacy')]:"
                + " {\"environment_key\":\"default\",\"task_key\":\"legacy\"} → (absent)");
  }

  @Test
  void aJobNotDeployedYetWouldBeCreated() {
    api.on("GET", "/api/2.2/jobs/list", Response.ok("{\"has_more\":false}"));

    CliRunner.Result result = plan();

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo("create job '" + JOB_NAME + "': no job of this name in " + api.url() + "\n");
    assertThat(api.requests("GET", "/api/2.2/jobs/get")).isEmpty();
  }

  @Test
  void theProjectBundleMatchesItsOwnDeployDespiteServerDefaultsAndTaskOrder() throws Exception {
    CurrentUser jane = new CurrentUser(LocalWorkspace.USER, "Jane Doe");
    RenderRequest request =
        new RenderRequest(
            TestBundles.load(Path.of("")), "dev", Optional.empty(), Map.of(), Map.of());
    ObjectNode settings =
        new JobRenderer().render(request, WorkspaceContext.of(jane, api.url())).settings();
    ArrayNode tasks = (ArrayNode) settings.get("tasks");
    ArrayNode reversed = settings.arrayNode();
    for (int i = tasks.size() - 1; i >= 0; i--) {
      ObjectNode task = (ObjectNode) tasks.get(i);
      task.put("run_if", "ALL_SUCCESS").put("timeout_seconds", 0).putObject("email_notifications");
      reversed.add(task);
    }
    settings.set("tasks", reversed);
    settings.putObject("webhook_notifications");
    settings.putObject("run_as").put("user_name", LocalWorkspace.USER);
    ObjectNode job = new ObjectMapper().createObjectNode().put("job_id", 21);
    job.set("settings", settings);
    api.on(
        "GET",
        "/api/2.2/jobs/list",
        Response.ok(LocalWorkspace.listing(21, "[dev jane_doe] clickflow_pipeline")));
    api.on("GET", "/api/2.2/jobs/get", Response.ok(job.toString()));

    CliRunner.Result result =
        new CliRunner(Path.of(""), workspace.connector(), Map.of()).run("plan");

    assertThat(result.out()).isEqualTo("unchanged job 21 '[dev jane_doe] clickflow_pipeline'\n");
    assertThat(api.requests("GET", "/api/2.2/jobs/list").get(0).query())
        .containsEntry("name", "[dev jane_doe] clickflow_pipeline");
  }

  @Test
  void theProfileGoesToTheSdkConfiguration() {
    api.on("GET", "/api/2.2/jobs/list", Response.ok("{}"));

    plan("--profile", "ci");

    assertThat(workspace.profiles()).containsExactly(Optional.of("ci"));
  }

  @Test
  void aRefusedRequestExits2WithOneLine() {
    api.on(
        "GET",
        "/api/2.2/jobs/list",
        Response.error(403, "PERMISSION_DENIED", "not allowed to list jobs"));

    CliRunner.Result result = plan();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().lines())
        .last()
        .isEqualTo(
            "bundle plan: list jobs named '"
                + JOB_NAME
                + "' on "
                + api.url()
                + ": 403 PERMISSION_DENIED: not allowed to list jobs — the identity lacks"
                + " permission on this job or workspace");
    assertThat(result.err()).doesNotContain(LocalWorkspace.TOKEN);
  }

  private CliRunner.Result plan(String... extra) {
    String[] args = new String[extra.length + 1];
    args[0] = "plan";
    System.arraycopy(extra, 0, args, 1, extra.length);
    return new CliRunner(dir, workspace.connector(), Map.of()).run(args);
  }
}
