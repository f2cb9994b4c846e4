package io.clickflow.bundle.runs;

import static org.assertj.core.api.Assertions.assertThat;

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

/** {@code bundle status} through the real SDK against a local Jobs API. */
class StatusCommandTest {
  private static final String JOB_NAME = "[dev jane_doe] clickflow_pipeline";

  private LocalJobsApi api;
  private CliRunner cli;

  @BeforeEach
  void start() {
    api = LocalJobsApi.start();
    cli = new CliRunner(Path.of(""), new LocalWorkspace(api).connector(), Map.of());
    api.on("GET", "/api/2.0/preview/scim/v2/Me", Response.ok(LocalWorkspace.ME));
    api.on("GET", "/api/2.2/jobs/list", Response.ok(LocalWorkspace.listing(11, JOB_NAME)));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void listsTheLastRunsWithStartDurationAndState() {
    long now = CliRunner.START.toEpochMilli();
    long minute = Duration.ofMinutes(1).toMillis();
    api.on(
        "GET",
        "/api/2.2/jobs/runs/list",
        Response.ok(
            "{\"runs\":["
                + "{\"run_id\":303,\"start_time\":"
                + (now - 5 * minute)
                + ",\"state\":{\"life_cycle_state\":\"RUNNING\"}},"
                + "{\"run_id\":302,\"start_time\":"
                + (now - 20 * minute)
                + ",\"end_time\":"
                + (now - 20 * minute + 210_000)
                + ",\"state\":{\"life_cycle_state\":\"TERMINATED\",\"result_state\":\"FAILED\"}},"
                + "{\"run_id\":301,\"start_time\":"
                + (now - 35 * minute)
                + ",\"run_duration\":252000,"
                + "\"state\":{\"life_cycle_state\":\"TERMINATED\",\"result_state\":\"SUCCESS\"}}"
                + "],\"has_more\":true,\"next_page_token\":\"next\"}"));

    CliRunner.Result result = cli.run("status", "--limit", "3");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out().lines())
        .containsExactly(
            "job 11 '" + JOB_NAME + "' on " + api.url(),
            "RUN ID            STARTED (UTC)        DURATION  STATE",
            "303               2026-11-22 12:55:00  5m 00s    RUNNING",
            "302               2026-11-22 12:40:00  3m 30s    FAILED",
            "301               2026-11-22 12:25:00  4m 12s    SUCCESS");
    assertThat(api.requests("GET", "/api/2.2/jobs/runs/list"))
        .singleElement()
        .satisfies(
            r -> assertThat(r.query()).containsEntry("job_id", "11").containsEntry("limit", "3"));
  }

  @Test
  void aJobWithoutRunsSaysSo() {
    api.on("GET", "/api/2.2/jobs/runs/list", Response.ok("{\"has_more\":false}"));

    CliRunner.Result result = cli.run("status");

    assertThat(result.out().lines()).last().isEqualTo("no runs yet");
    assertThat(api.requests("GET", "/api/2.2/jobs/runs/list").get(0).query())
        .containsEntry("limit", "10");
  }

  @Test
  void aLimitOutOfRangeIsAUsageError() {
    CliRunner.Result result = cli.run("status", "--limit", "0");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--limit must be between 1 and 1000, got 0");
    assertThat(api.apiRequests()).isEmpty();
  }
}
