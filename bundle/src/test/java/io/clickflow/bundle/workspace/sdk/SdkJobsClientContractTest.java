package io.clickflow.bundle.workspace.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickflow.bundle.workspace.DeployedJob;
import io.clickflow.bundle.workspace.LocalJobsApi;
import io.clickflow.bundle.workspace.LocalJobsApi.Response;
import io.clickflow.bundle.workspace.LocalWorkspace;
import io.clickflow.bundle.workspace.RunSnapshot;
import io.clickflow.bundle.workspace.RunSummary;
import io.clickflow.bundle.workspace.WorkspaceException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK adapter against a local server that answers the Jobs API 2.2 endpoints
 * databricks-sdk-java 0.141.0 calls: which request goes where, with what, and how answers map back.
 */
class SdkJobsClientContractTest {
  private LocalJobsApi api;
  private SdkJobsClient client;

  @BeforeEach
  void start() {
    api = LocalJobsApi.start();
    client = SdkJobsClient.connect(LocalWorkspace.config(api));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void readsTheCurrentUserWithTheBearerToken() {
    api.on("GET", "/api/2.0/preview/scim/v2/Me", Response.ok(LocalWorkspace.ME));

    assertThat(client.currentUser().userName()).isEqualTo(LocalWorkspace.USER);
    assertThat(client.currentUser().shortName()).isEqualTo("jane_doe");
    assertThat(api.apiRequests())
        .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer local-test-token"));
  }

  @Test
  void findsJobsByExactNameThroughTheNameFilter() {
    api.on(
        "GET",
        "/api/2.2/jobs/list",
        Response.ok(
            """
            {"jobs":[
              {"job_id":11,"settings":{"name":"[dev jane_doe] pipeline"}},
              {"job_id":12,"settings":{"name":"[DEV JANE_DOE] PIPELINE"}}]}
            """));

    assertThat(client.jobIdsNamed("[dev jane_doe] pipeline")).containsExactly(11L);
    assertThat(api.requests("GET", "/api/2.2/jobs/list"))
        .singleElement()
        .satisfies(r -> assertThat(r.query()).containsEntry("name", "[dev jane_doe] pipeline"));
  }

  @Test
  void readsEveryPageOfAJobsTasks() {
    api.on(
        "GET",
        "/api/2.2/jobs/get",
        Response.ok(
            """
            {"job_id":11,"next_page_token":"p2",
             "settings":{"name":"pipeline","tasks":[{"task_key":"bronze"}]}}
            """),
        Response.ok(
            """
            {"job_id":11,"settings":{"name":"pipeline","tasks":[{"task_key":"silver"}]}}
            """));

    DeployedJob job = client.getJob(11);

    assertThat(job.settings().path("tasks").findValuesAsText("task_key"))
        .containsExactly("bronze", "silver");
    assertThat(api.requests("GET", "/api/2.2/jobs/get"))
        .extracting(LocalJobsApi.Request::query)
        .containsExactly(Map.of("job_id", "11"), Map.of("job_id", "11", "page_token", "p2"));
  }

  @Test
  void startsARunWithParametersTasksAndTheIdempotencyToken() {
    api.on("POST", "/api/2.2/jobs/run-now", Response.ok("{\"run_id\":99,\"number_in_job\":99}"));

    long runId = client.runNow(11, Map.of("gold_tags", "mv"), List.of("gold"), "token-1");

    assertThat(runId).isEqualTo(99);
    assertThat(api.requests("POST", "/api/2.2/jobs/run-now").get(0).json())
        .isEqualTo(
            json(
                """
                {"job_id":11,"idempotency_token":"token-1",
                 "job_parameters":{"gold_tags":"mv"},"only":["gold"]}
                """));
  }

  @Test
  void mapsARunAndItsTasks() {
    api.on(
        "GET",
        "/api/2.2/jobs/runs/get",
        Response.ok(
            """
            {"run_id":99,"run_page_url":"https://example.invalid/#job/11/run/99",
             "state":{"life_cycle_state":"TERMINATED","result_state":"FAILED",
                      "state_message":"Task silver failed"},
             "tasks":[
               {"task_key":"bronze","run_id":1001,"start_time":1000,
                "state":{"life_cycle_state":"TERMINATED","result_state":"SUCCESS"}},
               {"task_key":"silver","run_id":1002,"start_time":2000,
                "status":{"state":"TERMINATED","termination_details":
                  {"code":"RUN_EXECUTION_ERROR","type":"CLIENT_ERROR","message":"boom"}}}]}
            """));

    RunSnapshot run = client.getRun(99);

    assertThat(run.isFinished()).isTrue();
    assertThat(run.succeeded()).isFalse();
    assertThat(run.resultState()).contains("FAILED");
    assertThat(run.tasks())
        .extracting(
            t -> t.taskKey() + " " + t.describe() + " " + t.runId() + " " + t.stateMessage())
        .containsExactly(
            "bronze TERMINATED SUCCESS 1001 ", "silver TERMINATED RUN_EXECUTION_ERROR 1002 boom");
    assertThat(api.requests("GET", "/api/2.2/jobs/runs/get").get(0).query())
        .containsEntry("run_id", "99");
  }

  @Test
  void readsTheErrorOfATaskRun() {
    api.on(
        "GET",
        "/api/2.2/jobs/runs/get-output",
        Response.ok(
            "{\"error\":\"IllegalStateException: no checkpoint\",\"error_trace\":\"at x\"}"));

    assertThat(client.taskError(1002)).contains("IllegalStateException: no checkpoint");
    assertThat(api.requests("GET", "/api/2.2/jobs/runs/get-output").get(0).query())
        .containsEntry("run_id", "1002");
  }

  @Test
  void listsTheLatestRunsUpToTheLimit() {
    api.on(
        "GET",
        "/api/2.2/jobs/runs/list",
        Response.ok(
            """
            {"runs":[
              {"run_id":3,"start_time":3000,"state":{"life_cycle_state":"RUNNING"}},
              {"run_id":2,"start_time":2000,"end_time":5000,
               "state":{"life_cycle_state":"TERMINATED","result_state":"FAILED"}},
              {"run_id":1,"start_time":1000,"run_duration":600,
               "state":{"life_cycle_state":"TERMINATED","result_state":"SUCCESS"}}],
             "has_more":true,"next_page_token":"more"}
            """));

    List<RunSummary> runs = client.recentRuns(11, 2);

    assertThat(runs)
        .extracting(RunSummary::runId, RunSummary::state, RunSummary::durationMillis)
        .containsExactly(
            tuple(3L, "RUNNING", Optional.empty()), tuple(2L, "FAILED", Optional.of(3000L)));
    assertThat(api.requests("GET", "/api/2.2/jobs/runs/list"))
        .singleElement()
        .satisfies(
            r -> assertThat(r.query()).containsEntry("job_id", "11").containsEntry("limit", "2"));
  }

  @Test
  void repeatsARequestAnswered429() {
    api.on(
        "GET",
        "/api/2.2/jobs/list",
        Response.error(429, "TOO_MANY_REQUESTS", "slow down").withHeader("Retry-After", "0"),
        Response.ok("{\"jobs\":[{\"job_id\":11,\"settings\":{\"name\":\"pipeline\"}}]}"));

    assertThat(client.jobIdsNamed("pipeline")).containsExactly(11L);
    assertThat(api.requests("GET", "/api/2.2/jobs/list")).hasSize(2);
  }

  @Test
  void repeatsARunNowAnswered503WithTheSameToken() {
    api.on(
        "POST",
        "/api/2.2/jobs/run-now",
        Response.error(503, "TEMPORARILY_UNAVAILABLE", "try again").withHeader("Retry-After", "0"),
        Response.ok("{\"run_id\":99}"));

    assertThat(client.runNow(11, Map.of(), List.of(), "token-1")).isEqualTo(99);
    assertThat(api.requests("POST", "/api/2.2/jobs/run-now"))
        .hasSize(2)
        .extracting(r -> r.json().path("idempotency_token").asText())
        .containsExactly("token-1", "token-1");
  }

  @Test
  void aRefusalBecomesOneLineNamingTheActionAndTheWorkspace() {
    api.on(
        "GET",
        "/api/2.2/jobs/get",
        Response.error(403, "PERMISSION_DENIED", "User cannot view job 11"));

    assertThatThrownBy(() -> client.getJob(11))
        .isInstanceOf(WorkspaceException.class)
        .hasMessage(
            "read job 11 on "
                + api.url()
                + ": 403 PERMISSION_DENIED: User cannot view job 11 — the identity lacks"
                + " permission on this job or workspace")
        .satisfies(e -> assertThat(((WorkspaceException) e).retryable()).isFalse());
    assertThat(api.requests("GET", "/api/2.2/jobs/get")).hasSize(1);
  }

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
