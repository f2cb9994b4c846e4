package io.clickflow.monitoring.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.core.utils.SerDeUtils;
import com.databricks.sdk.service.jobs.BaseRun;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickflow.monitoring.EventLogSummary.RunState;
import io.clickflow.monitoring.PipelineRunHistory;
import io.clickflow.monitoring.PipelineRunHistory.FinishedRun;
import io.clickflow.monitoring.PipelineRunReadException;
import io.clickflow.monitoring.databricks.LocalDatabricks.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pipeline job's runs through the Jobs API, as the SDK calls it, against a local server. */
class DatabricksJobRunsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper SDK_JSON = SerDeUtils.createMapper();
  private static final String JOBS_LIST = "/api/2.2/jobs/list";
  private static final String RUNS_LIST = "/api/2.2/jobs/runs/list";
  private static final Instant T0 = Instant.parse("2026-11-22T13:00:00Z");
  private static final String NAME = DatabricksTarget.BUNDLE_JOB_NAME;

  private final LocalDatabricks api = LocalDatabricks.start();

  @AfterEach
  void stop() {
    api.close();
  }

  private DatabricksJobRuns byName(String name) {
    return new DatabricksJobRuns(
        api.workspace().jobs(), api.url(), Optional.of(name), OptionalLong.empty());
  }

  private DatabricksJobRuns byId(long id) {
    return new DatabricksJobRuns(
        api.workspace().jobs(), api.url(), Optional.empty(), OptionalLong.of(id));
  }

  /** A jobs/list page; the server filters by name case-insensitively, so both may come back. */
  private static String jobs(Object... idsAndNames) {
    ObjectNode page = JSON.createObjectNode();
    ArrayNode jobs = page.putArray("jobs");
    for (int i = 0; i < idsAndNames.length; i += 2) {
      ObjectNode job = jobs.addObject().put("job_id", (Long) idsAndNames[i]);
      job.putObject("settings").put("name", (String) idsAndNames[i + 1]);
    }
    return page.toString();
  }

  /** A finished run with the classic state: started at T0 + start minutes, ran for minutes. */
  private static ObjectNode run(long runId, String result, long startMinute, long minutes) {
    long start = T0.plus(Duration.ofMinutes(startMinute)).toEpochMilli();
    ObjectNode run =
        JSON.createObjectNode()
            .put("run_id", runId)
            .put("job_id", 11)
            .put("start_time", start)
            .put("end_time", start + Duration.ofMinutes(minutes).toMillis())
            .put("run_duration", Duration.ofMinutes(minutes).toMillis());
    run.putObject("state").put("life_cycle_state", "TERMINATED").put("result_state", result);
    return run;
  }

  private static String runs(ObjectNode... runs) {
    return page(null, runs);
  }

  private static String page(String nextPageToken, ObjectNode... runs) {
    ObjectNode page = JSON.createObjectNode();
    ArrayNode list = page.putArray("runs");
    for (ObjectNode run : runs) {
      list.add(run);
    }
    page.put("has_more", nextPageToken != null);
    if (nextPageToken != null) {
      page.put("next_page_token", nextPageToken);
    }
    return page.toString();
  }

  private static Instant end(long startMinute, long minutes) {
    return T0.plus(Duration.ofMinutes(startMinute + minutes));
  }

  @Test
  void findsTheJobByItsExactNameAndMapsTheNewestRunsToStateAndLastSuccess() throws Exception {
    api.on("GET", JOBS_LIST, Response.ok(jobs(12L, "CLICKFLOW_PIPELINE", 11L, NAME)));
    api.on(
        "GET",
        RUNS_LIST,
        Response.ok(
            runs(
                run(103, "FAILED", 30, 4), run(102, "SUCCESS", 15, 6), run(101, "SUCCESS", 0, 5))));

    PipelineRunHistory history = byName(NAME).read();

    assertThat(history.lastFinished())
        .hasValue(new FinishedRun("103", RunState.FAILED, end(30, 4), Duration.ofMinutes(4)));
    assertThat(history.lastSuccess()).hasValue(end(15, 6));
    assertThat(api.requests("GET", JOBS_LIST))
        .singleElement()
        .satisfies(r -> assertThat(r.query()).containsEntry("name", NAME));
    assertThat(api.requests("GET", RUNS_LIST))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.query())
                    .containsEntry("job_id", "11")
                    .containsEntry("completed_only", "true")
                    .containsEntry("limit", "25"));
  }

  @Test
  void theJobIdIsLookedUpOnceAndAGivenIdNotAtAll() throws Exception {
    api.on("GET", JOBS_LIST, Response.ok(jobs(11L, NAME)));
    api.on("GET", RUNS_LIST, Response.ok(runs(run(101, "SUCCESS", 0, 5))));
    DatabricksJobRuns named = byName(NAME);

    named.read();
    named.read();
    byId(11).read();

    assertThat(api.requests("GET", JOBS_LIST)).hasSize(1);
    assertThat(api.requests("GET", RUNS_LIST))
        .hasSize(3)
        .allSatisfy(r -> assertThat(r.query()).containsEntry("job_id", "11"));
  }

  @Test
  void aJobNameThatMatchesNothingExplainsTheDevelopmentPrefix() {
    api.on("GET", JOBS_LIST, Response.ok("{\"has_more\":false}"));

    assertThatThrownBy(() -> byName(NAME).read())
        .isInstanceOf(PipelineRunReadException.class)
        .hasMessage(
            "read pipeline runs of job 'clickflow_pipeline' at "
                + api.url()
                + ": no job is named 'clickflow_pipeline' — a bundle deployed in development mode"
                + " prefixes the name with '[dev <user>] '; give the job's full name"
                + " (--databricks-job-name) or its id (--databricks-job-id)");
  }

  @Test
  void aNameTwoJobsShareAsksForTheId() {
    api.on("GET", JOBS_LIST, Response.ok(jobs(11L, NAME, 13L, NAME)));

    assertThatThrownBy(() -> byName(NAME).read())
        .isInstanceOf(PipelineRunReadException.class)
        .hasMessageEndingWith(
            "2 jobs are named 'clickflow_pipeline' (ids [11, 13]); pick one with"
                + " --databricks-job-id");
  }

  @Test
  void runsThatNeverStartedArePassedOver() throws Exception {
    api.on(
        "GET",
        RUNS_LIST,
        Response.ok(
            runs(
                run(104, "EXCLUDED", 45, 0),
                run(103, "MAXIMUM_CONCURRENT_RUNS_REACHED", 30, 0),
                run(102, "SUCCESS", 15, 6))));

    PipelineRunHistory history = byId(11).read();

    assertThat(history.lastFinished()).map(FinishedRun::runId).hasValue("102");
    assertThat(history.lastFinished()).map(FinishedRun::state).hasValue(RunState.SUCCEEDED);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"FAILED", "TIMEDOUT", "CANCELED", "SUCCESS_WITH_FAILURES", "UPSTREAM_FAILED"})
  void aRunThatDidNotDoAllItsWorkCountsAsFailed(String result) throws Exception {
    api.on("GET", RUNS_LIST, Response.ok(runs(run(102, result, 15, 6), run(101, "SUCCESS", 0, 5))));

    PipelineRunHistory history = byId(11).read();

    assertThat(history.lastFinished()).map(FinishedRun::state).hasValue(RunState.FAILED);
    assertThat(history.lastSuccess()).hasValue(end(0, 5));
  }

  @Test
  void runsReportedOnlyThroughStatusAreRead() throws Exception {
    ObjectNode failed = run(102, "FAILED", 15, 6);
    failed.remove("state");
    failed
        .putObject("status")
        .put("state", "TERMINATED")
        .putObject("termination_details")
        .put("code", "RUN_EXECUTION_ERROR")
        .put("type", "CLIENT_ERROR");
    ObjectNode succeeded = run(101, "SUCCESS", 0, 5);
    succeeded.remove("state");
    succeeded
        .putObject("status")
        .put("state", "TERMINATED")
        .putObject("termination_details")
        .put("code", "SUCCESS")
        .put("type", "SUCCESS");
    api.on("GET", RUNS_LIST, Response.ok(runs(failed, succeeded)));

    PipelineRunHistory history = byId(11).read();

    assertThat(history.lastFinished()).map(FinishedRun::state).hasValue(RunState.FAILED);
    assertThat(history.lastSuccess()).hasValue(end(0, 5));
  }

  @Test
  void olderPagesAreReadOnlyUntilASuccessTurnsUp() throws Exception {
    List<ObjectNode> failures = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      failures.add(run(200 - i, "FAILED", 500 - 15L * i, 2));
    }
    api.on(
        "GET",
        RUNS_LIST,
        Response.ok(page("page-2", failures.toArray(ObjectNode[]::new))),
        Response.ok(page("page-3", run(150, "SUCCESS", 0, 5))),
        Response.ok(runs(run(149, "SUCCESS", -15, 5))));

    PipelineRunHistory history = byId(11).read();

    assertThat(history.lastFinished()).map(FinishedRun::runId).hasValue("200");
    assertThat(history.lastSuccess()).hasValue(end(0, 5));
    assertThat(api.requests("GET", RUNS_LIST))
        .extracting(r -> r.query().get("page_token"))
        .containsExactly(null, "page-2");
  }

  @Test
  void aJobWithoutFinishedRunsHasNoHistoryYet() throws Exception {
    api.on("GET", RUNS_LIST, Response.ok("{\"has_more\":false}"));

    assertThat(byId(11).read()).isEqualTo(PipelineRunHistory.NONE);
  }

  @Test
  void transientFailuresOfBothListingsAreRetried() throws Exception {
    api.on("GET", JOBS_LIST, Response.ok(jobs(11L, NAME)));
    api.on("GET", RUNS_LIST, Response.ok(runs(run(101, "SUCCESS", 0, 5))));
    api.failFirst("GET", JOBS_LIST, Response.retryLater(429));
    api.failFirst("GET", RUNS_LIST, Response.retryLater(503), Response.retryLater(429));

    assertThat(byName(NAME).read().lastSuccess()).hasValue(end(0, 5));
    assertThat(api.requests("GET", JOBS_LIST)).hasSize(2);
    assertThat(api.requests("GET", RUNS_LIST)).hasSize(3);
  }

  @Test
  void aRefusedListingNamesJobAndWorkspaceAndTheJobIsLookedUpAgainNextTime() {
    api.on("GET", JOBS_LIST, Response.ok(jobs(11L, NAME)));
    api.on("GET", RUNS_LIST, Response.error(403, "PERMISSION_DENIED", "User cannot view job 11"));
    DatabricksJobRuns runs = byName(NAME);

    assertThatThrownBy(runs::read)
        .isInstanceOf(PipelineRunReadException.class)
        .hasMessageStartingWith(
            "read pipeline runs of job 'clickflow_pipeline' at "
                + api.url()
                + ": list the runs of job 11: 403 PERMISSION_DENIED: User cannot view job 11 — the"
                + " identity lacks a permission");
    assertThatThrownBy(runs::read).isInstanceOf(PipelineRunReadException.class);
    assertThat(api.requests("GET", JOBS_LIST)).hasSize(2);
  }

  @Test
  void durationsComeFromTheRunThenItsPhasesThenItsClock() {
    ObjectNode multiTask = run(1, "SUCCESS", 0, 7);
    ObjectNode singleTask = run(2, "SUCCESS", 0, 9);
    singleTask.remove("run_duration");
    singleTask
        .put("setup_duration", 60_000)
        .put("execution_duration", 120_000)
        .put("cleanup_duration", 0);
    ObjectNode bare = run(3, "SUCCESS", 0, 9);
    bare.remove("run_duration");

    assertThat(List.of(multiTask, singleTask, bare))
        .extracting(r -> DatabricksJobRuns.duration(SDK_JSON.convertValue(r, BaseRun.class)))
        .containsExactly(Duration.ofMinutes(7), Duration.ofMinutes(3), Duration.ofMinutes(9));
  }
}
