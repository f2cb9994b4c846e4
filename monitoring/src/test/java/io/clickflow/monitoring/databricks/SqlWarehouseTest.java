package io.clickflow.monitoring.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickflow.monitoring.MutableClock;
import io.clickflow.monitoring.databricks.LocalDatabricks.Answer;
import io.clickflow.monitoring.databricks.LocalDatabricks.Response;
import io.clickflow.monitoring.databricks.SqlWarehouse.Parameter;
import io.clickflow.monitoring.databricks.SqlWarehouse.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Statement Execution API as the SDK speaks it, against a local server. */
class SqlWarehouseTest {

  private static final String SQL = "SELECT id, name FROM IDENTIFIER(:table) WHERE id > :after";
  private static final List<Parameter> PARAMETERS =
      List.of(Parameter.string("table", "`things`"), Parameter.bigint("after", 41));

  private final LocalDatabricks api = LocalDatabricks.start();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T13:00:00Z"));
  private final List<Duration> sleeps = new ArrayList<>();

  /** Time passes only when the warehouse client waits. */
  private final Sleeper sleeper =
      duration -> {
        sleeps.add(duration);
        clock.advance(duration);
      };

  @AfterEach
  void stop() {
    api.close();
  }

  private SqlWarehouse warehouse() {
    return new SqlWarehouse(
        api.workspace().statementExecution(),
        "wh-local",
        "clickflow_test",
        "clickstream",
        clock,
        sleeper,
        SqlWarehouse.STATEMENT_TIMEOUT);
  }

  private static List<List<String>> rows(String... ids) {
    return Arrays.stream(ids)
        .map(id -> Arrays.asList(id, id.equals("43") ? null : "n" + id))
        .toList();
  }

  @Test
  void theRequestCarriesWarehouseCatalogSchemaAndParametersApartFromTheSql() throws Exception {
    api.warehouse(statement -> Answer.rows(List.of("id", "name"), rows("42")));

    warehouse().query(SQL, PARAMETERS, 500L);

    JsonNode body = api.requests("POST", "/api/2.0/sql/statements").get(0).json();
    assertThat(body.path("warehouse_id").asText()).isEqualTo("wh-local");
    assertThat(body.path("catalog").asText()).isEqualTo("clickflow_test");
    assertThat(body.path("schema").asText()).isEqualTo("clickstream");
    assertThat(body.path("statement").asText()).isEqualTo(SQL);
    assertThat(body.path("disposition").asText()).isEqualTo("INLINE");
    assertThat(body.path("format").asText()).isEqualTo("JSON_ARRAY");
    assertThat(body.path("wait_timeout").asText()).isEqualTo("10s");
    assertThat(body.path("on_wait_timeout").asText()).isEqualTo("CONTINUE");
    assertThat(body.path("row_limit").asLong()).isEqualTo(500);
    assertThat(api.statements().get(0).parameters())
        .containsExactly(Map.entry("table", "`things`"), Map.entry("after", "41"));
    assertThat(api.statements().get(0).parameterTypes())
        .containsExactly(Map.entry("table", "STRING"), Map.entry("after", "BIGINT"));
  }

  @Test
  void aStatementThatIsPendingThenRunningIsPolledUntilItSucceeds() throws Exception {
    api.warehouse(
        statement -> Answer.rows(List.of("id", "name"), rows("42", "43")).unfinishedFor(3));

    Result result = warehouse().query(SQL, PARAMETERS, null);

    assertThat(result.columns()).containsExactly("id", "name");
    assertThat(result.rows()).containsExactly(List.of("42", "n42"), Arrays.asList("43", null));
    assertThat(result.truncated()).isFalse();
    assertThat(api.requests("GET", "/api/2.0/sql/statements/stmt-1")).hasSize(3);
    assertThat(sleeps)
        .as("pauses grow between polls")
        .containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1));
  }

  @Test
  void aResultOfSeveralChunksIsFetchedChunkByChunkInOrder() throws Exception {
    String[] ids = IntStream.rangeClosed(1, 7).mapToObj(Integer::toString).toArray(String[]::new);
    api.warehouse(statement -> Answer.rows(List.of("id", "name"), rows(ids)).chunkRows(3));

    Result result = warehouse().query(SQL, PARAMETERS, null);

    assertThat(result.rows()).extracting(row -> row.get(0)).containsExactly(ids);
    assertThat(api.apiRequests())
        .extracting(r -> r.method() + " " + r.path())
        .containsExactly(
            "POST /api/2.0/sql/statements",
            "GET /api/2.0/sql/statements/stmt-1/result/chunks/1",
            "GET /api/2.0/sql/statements/stmt-1/result/chunks/2");
  }

  @Test
  void aRowLimitThatCutsTheResultSaysSo() throws Exception {
    api.warehouse(statement -> Answer.rows(List.of("id", "name"), rows("1", "2", "3")));

    Result result = warehouse().query(SQL, PARAMETERS, 2L);

    assertThat(result.rows()).hasSize(2);
    assertThat(result.truncated()).isTrue();
  }

  @Test
  void aFailedStatementIsOneLineWithItsErrorAndSqlState() {
    api.warehouse(
        statement ->
            Answer.failed(
                    "BAD_REQUEST",
                    "[UNRESOLVED_COLUMN] A column with name `nme` cannot be resolved.\nline 1",
                    "42703")
                .unfinishedFor(1));

    assertThatThrownBy(() -> warehouse().query(SQL, PARAMETERS, null))
        .isInstanceOf(SqlStatementException.class)
        .hasMessage(
            "statement stmt-1 FAILED: BAD_REQUEST: [UNRESOLVED_COLUMN] A column with name `nme`"
                + " cannot be resolved. (SQLSTATE 42703)")
        .satisfies(e -> assertThat(((SqlStatementException) e).tableNotFound()).isFalse());
  }

  @Test
  void aMissingTableIsRecognised() {
    api.warehouse(statement -> Answer.tableNotFound("`things`"));

    assertThatThrownBy(() -> warehouse().query(SQL, PARAMETERS, null))
        .isInstanceOf(SqlStatementException.class)
        .satisfies(e -> assertThat(((SqlStatementException) e).tableNotFound()).isTrue());
  }

  @Test
  void aStatementThatOutlastsTheTimeoutIsCancelled() {
    api.warehouse(statement -> Answer.rows(List.of("id"), List.of()).neverFinishes());

    assertThatThrownBy(() -> warehouse().query(SQL, PARAMETERS, null))
        .isInstanceOf(SqlStatementException.class)
        .hasMessage(
            "statement stmt-1 was still PENDING after 300s and was cancelled — the warehouse may"
                + " be starting or busy");
    assertThat(api.requests("POST", "/api/2.0/sql/statements/stmt-1/cancel")).hasSize(1);
    assertThat(sleeps)
        .allSatisfy(pause -> assertThat(pause).isLessThanOrEqualTo(Duration.ofSeconds(5)));
  }

  @Test
  void anInterruptCancelsTheStatementAndKeepsTheFlag() {
    api.warehouse(statement -> Answer.rows(List.of("id"), List.of()).neverFinishes());
    SqlWarehouse interrupted =
        new SqlWarehouse(
            api.workspace().statementExecution(),
            "wh-local",
            "clickflow_test",
            "clickstream",
            clock,
            duration -> {
              throw new InterruptedException();
            },
            SqlWarehouse.STATEMENT_TIMEOUT);

    try {
      assertThatThrownBy(() -> interrupted.query(SQL, PARAMETERS, null))
          .isInstanceOf(SqlStatementException.class)
          .hasMessageContaining("interrupted");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(api.requests("POST", "/api/2.0/sql/statements/stmt-1/cancel")).hasSize(1);
    } finally {
      Thread.interrupted();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 503})
  void transientHttpFailuresAreRetried(int status) throws Exception {
    api.warehouse(statement -> Answer.rows(List.of("id", "name"), rows("42")).unfinishedFor(1));
    api.failFirst("POST", "/api/2.0/sql/statements", Response.retryLater(status));
    api.failFirst("GET", "/api/2.0/sql/statements/stmt-1", Response.retryLater(status));

    Result result = warehouse().query(SQL, PARAMETERS, null);

    assertThat(result.rows()).containsExactly(List.of("42", "n42"));
    assertThat(api.requests("POST", "/api/2.0/sql/statements")).hasSize(2);
    assertThat(api.requests("GET", "/api/2.0/sql/statements/stmt-1")).hasSize(2);
  }

  @Test
  void aRefusedRequestNamesTheStepTheStatusAndWhatIsMissing() {
    api.failFirst(
        "POST",
        "/api/2.0/sql/statements",
        Response.error(
            403, "PERMISSION_DENIED", "You do not have permission to use the warehouse"));

    assertThatThrownBy(() -> warehouse().query(SQL, PARAMETERS, null))
        .isInstanceOf(SqlStatementException.class)
        .hasMessageStartingWith(
            "submit the statement: 403 PERMISSION_DENIED: You do not have permission to use the"
                + " warehouse — the identity lacks a permission");
  }

  @Test
  void aChunkThatCannotBeFetchedIsAnError() {
    api.warehouse(
        statement -> Answer.rows(List.of("id", "name"), rows("1", "2", "3")).chunkRows(2));
    api.failFirst(
        "GET",
        "/api/2.0/sql/statements/stmt-1/result/chunks/1",
        Response.error(404, "NOT_FOUND", "chunk expired"));

    assertThatThrownBy(() -> warehouse().query(SQL, PARAMETERS, null))
        .isInstanceOf(SqlStatementException.class)
        .hasMessage("fetch result chunk 1 of statement stmt-1: 404 NOT_FOUND: chunk expired");
  }
}
