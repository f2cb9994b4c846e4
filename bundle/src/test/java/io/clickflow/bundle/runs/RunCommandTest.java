package io.clickflow.bundle.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickflow.bundle.CliRunner;
import io.clickflow.bundle.workspace.LocalJobsApi;
import io.clickflow.bundle.workspace.LocalJobsApi.Response;
import io.clickflow.bundle.workspace.LocalWorkspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code bundle run} on the project bundle, through the real SDK against a local Jobs API. */
class RunCommandTest {
  private static final String JOB_NAME = "[dev jane_doe] clickflow_pipeline";

  private LocalJobsApi api;
  private CliRunner cli;
  private String runUrl;

  @BeforeEach
  void start() {
    api = LocalJobsApi.start();
    cli = new CliRunner(Path.of(""), new LocalWorkspace(api).connector(), Map.of());
    runUrl = api.url() + "/?o=1#job/11/run/99";
    api.on("GET", "/api/2.0/preview/scim/v2/Me", Response.ok(LocalWorkspace.ME));
    api.on("GET", "/api/2.2/jobs/list", Response.ok(LocalWorkspace.listing(11, JOB_NAME)));
    api.on("POST", "/api/2.2/jobs/run-now", Response.ok("{\"run_id\":99,\"number_in_job\":7}"));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aSuccessfulRunStreamsTaskStatesAndExits0() {
    api.on(
        "GET",
        "/api/2.2/jobs/runs/get",
        Response.ok(
            Runs.run(
                99,
                runUrl,
                "PENDING",
                "bronze:1001:PENDING",
                "silver:1002:BLOCKED",
                "gold:1003:BLOCKED")),
        Response.ok(
            Runs.run(
                99,
                runUrl,
                "RUNNING",
                "bronze:1001:RUNNING",
                "silver:1002:BLOCKED",
                "gold:1003:BLOCKED")),
        Response.ok(
            Runs.run(
                99,
                runUrl,
                "RUNNING",
                "bronze:1001:TERMINATED:SUCCESS",
                "silver:1002:RUNNING",
                "gold:1003:BLOCKED")),
        Response.ok(
            Runs.run(
                99,
                runUrl,
                "TERMINATED SUCCESS",
                "bronze:1001:TERMINATED:SUCCESS",
                "silver:1002:TERMINATED:SUCCESS",
                "gold:1003:TERMINATED:SUCCESS")));

    CliRunner.Result result = cli.run("run");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out().lines())
        .containsExactly(
            "run 99 of job 11 '"
                + JOB_NAME
                + "' started on "
                + api.url()
                + " as "
                + LocalWorkspace.USER,
            "13:00:00  task bronze: PENDING",
            "13:00:00  task silver: BLOCKED",
            "13:00:00  task gold: BLOCKED",
            "13:00:00  run 99: PENDING",
            "13:00:10  task bronze: RUNNING",
            "13:00:10  run 99: RUNNING",
            "13:00:20  task bronze: TERMINATED SUCCESS",
            "13:00:20  task silver: RUNNING",
            "13:00:30  task silver: TERMINATED SUCCESS",
            "13:00:30  task gold: TERMINATED SUCCESS",
            "13:00:30  run 99: TERMINATED SUCCESS",
            "run 99 SUCCESS: " + runUrl);
    assertThat(cli.clock().sleeps()).containsOnly(Duration.ofSeconds(10)).hasSize(3);
    assertThat(api.requests("POST", "/api/2.2/jobs/run-now"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.json().path("job_id").asLong()).isEqualTo(11);
              assertThat(r.json().path("idempotency_token").asText()).isEqualTo("idempotency-1");
              assertThat(r.json().has("job_parameters")).isFalse();
              assertThat(r.json().has("only")).isFalse();
            });
    assertThat(api.requests("GET", "/api/2.2/jobs/runs/get"))
        .hasSize(4)
        .allSatisfy(r -> assertThat(r.query()).containsEntry("run_id", "99"));
  }

  @Test
  void tagsAndFullRefreshBecomeLayerParametersAndATaskSelection() {
    api.on(
        "GET",
        "/api/2.2/jobs/runs/get",
        Response.ok(Runs.run(99, runUrl, "TERMINATED SUCCESS", "gold:1003:TERMINATED:SUCCESS")));

    CliRunner.Result result =
        cli.run(
            "run", "--tags", "gold:mv", "--full-refresh", "silver_events", "--poll-interval", "2");

    assertThat(result.exitCode()).isZero();
    assertThat(api.requests("POST", "/api/2.2/jobs/run-now").get(0).json())
        .isEqualTo(
            json(
                "{\"job_id\":11,\"idempotency_token\":\"idempotency-1\","
                    + "\"job_parameters\":{\"gold_tags\":\"mv\",\"silver_full_refresh\":\"silver_events\"},"
                    + "\"only\":[\"silver\",\"gold\"]}"));
    assertThat(result.out().lines().findFirst().orElseThrow())
        .contains("started (tasks silver, gold), gold_tags=mv, silver_full_refresh=silver_events");
  }

  @Test
  void aFailedRunExits1NamingTheTaskItsErrorAndTheRunPage() {
    api.on(
        "GET",
        "/api/2.2/jobs/runs/get",
        Response.ok(
            Runs.run(
                99,
                runUrl,
                "RUNNING",
                "bronze:1001:TERMINATED:SUCCESS",
                "silver:1002:RUNNING",
                "gold:1003:BLOCKED")),
        Response.ok(
            Runs.run(
                99,
                runUrl,
                "TERMINATED FAILED",
                "bronze:1001:TERMINATED:SUCCESS",
                "silver:1002:TERMINATED:FAILED",
                "gold:1003:TERMINATED:UPSTREAM_FAILED")));
    api.on(
        "GET",
        "/api/2.2/jobs/runs/get-output",
        Response.ok(
            "{\"error\":\"IllegalStateException: checkpoint of silver_events is corrupt\\n\\tat"
                + " io.clickflow.pipeline.PipelineCli.main(PipelineCli.java:80)\","
                + "\"error_trace\":\"java.lang.IllegalStateException ...\","
                + "\"metadata\":{\"run_id\":1002,\"task_key\":\"silver\"}}"));

    CliRunner.Result result = cli.run("run");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err().lines())
        .last()
        .isEqualTo(
            "bundle run: run 99 FAILED: task silver FAILED: IllegalStateException: checkpoint of"
                + " silver_events is corrupt — "
                + runUrl);
    assertThat(result.out()).contains("13:00:10  task silver: TERMINATED FAILED");
    assertThat(api.requests("GET", "/api/2.2/jobs/runs/get-output"))
        .singleElement()
        .satisfies(r -> assertThat(r.query()).containsEntry("run_id", "1002"));
  }

  @Test
  void throttlingAndAnUnavailableServiceAreRetriedByTheSdk() {
    api.on(
        "GET",
        "/api/2.2/jobs/list",
        Response.error(429, "TOO_MANY_REQUESTS", "Too many requests")
            .withHeader("Retry-After", "0"),
        Response.ok(LocalWorkspace.listing(11, JOB_NAME)));
    // No Retry-After: the SDK backs off on its own (about a second).
    api.on(
        "POST",
        "/api/2.2/jobs/run-now",
        Response.error(503, "TEMPORARILY_UNAVAILABLE", "The service is unavailable"),
        Response.ok("{\"run_id\":99}"));
    api.on(
        "GET",
        "/api/2.2/jobs/runs/get",
        Response.error(503, "TEMPORARILY_UNAVAILABLE", "The service is unavailable")
            .withHeader("Retry-After", "0"),
        Response.ok(Runs.run(99, runUrl, "TERMINATED SUCCESS", "bronze:1001:TERMINATED:SUCCESS")));

    CliRunner.Result result = cli.run("run");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out().lines()).last().isEqualTo("run 99 SUCCESS: " + runUrl);
    assertThat(api.requests("GET", "/api/2.2/jobs/list")).hasSize(2);
    assertThat(api.requests("POST", "/api/2.2/jobs/run-now"))
        .hasSize(2)
        .extracting(LocalJobsApi.Request::json)
        .containsOnly(json("{\"job_id\":11,\"idempotency_token\":\"idempotency-1\"}"));
    assertThat(api.requests("GET", "/api/2.2/jobs/runs/get")).hasSize(2);
  }

  @Test
  void waitingStopsAtTheTimeoutAndLeavesTheRunAlone() {
    api.on(
        "GET",
        "/api/2.2/jobs/runs/get",
        Response.ok(Runs.run(99, runUrl, "RUNNING", "bronze:1001:RUNNING")));

    CliRunner.Result result = cli.run("run", "--timeout", "1", "--poll-interval", "30");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "bundle run: run 99 is still RUNNING after 1 min; stopped waiting, the run goes on — "
                + runUrl
                + "\n");
    assertThat(cli.clock().sleeps()).hasSize(2);
    assertThat(api.requests("POST", "/api/2.2/jobs/runs/cancel")).isEmpty();
  }

  @Test
  void aJobThatWasNeverDeployedCannotRun() {
    api.on("GET", "/api/2.2/jobs/list", Response.ok("{}"));

    CliRunner.Result result = cli.run("run");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines())
        .last()
        .isEqualTo(
            "bundle run: run job '"
                + JOB_NAME
                + "': no job of this name in "
                + api.url()
                + " — deploy it first with `databricks bundle deploy --target dev`");
    assertThat(api.requests("POST", "/api/2.2/jobs/run-now")).isEmpty();
  }

  @Test
  void anUnknownLayerIsAUsageErrorBeforeAnythingStarts() {
    CliRunner.Result result = cli.run("run", "--tags", "mv");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines())
        .last()
        .isEqualTo(
            "bundle run: --tags mv: not a layer of job clickflow_pipeline; name a layer [bronze,"
                + " silver, gold], or narrow one with LAYER:mv");
    assertThat(api.requests("POST", "/api/2.2/jobs/run-now")).isEmpty();
  }

  @Test
  void anUnknownTagIsRefusedBeforeAnyWorkspaceCall() {
    // The offline runner fails the test if the command so much as connects to a workspace.
    CliRunner.Result result = CliRunner.offline(Path.of("")).run("run", "--tags", "gold:gld");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .isEqualTo(
            "bundle run: --tags gold:gld: tag 'gld' is not in the pipeline graph; known tags:"
                + " [bronze, silver, gold, mv]\n");
  }

  @Test
  void helpReadsLikeAManPage() {
    CliRunner.Result result = cli.run("run", "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "EXAMPLES")
        .contains("--tags", "--full-refresh", "--profile", "--poll-interval", "--timeout")
        .contains("./clickflow bundle run --tags gold:mv");
  }

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
