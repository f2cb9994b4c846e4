package io.clickflow.monitoring.databricks;

import com.databricks.sdk.service.sql.CancelExecutionRequest;
import com.databricks.sdk.service.sql.ColumnInfo;
import com.databricks.sdk.service.sql.Disposition;
import com.databricks.sdk.service.sql.ExecuteStatementRequest;
import com.databricks.sdk.service.sql.ExecuteStatementRequestOnWaitTimeout;
import com.databricks.sdk.service.sql.Format;
import com.databricks.sdk.service.sql.GetStatementRequest;
import com.databricks.sdk.service.sql.GetStatementResultChunkNRequest;
import com.databricks.sdk.service.sql.ResultData;
import com.databricks.sdk.service.sql.ResultManifest;
import com.databricks.sdk.service.sql.ServiceError;
import com.databricks.sdk.service.sql.StatementExecutionAPI;
import com.databricks.sdk.service.sql.StatementParameterListItem;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import com.databricks.sdk.service.sql.StatementStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs parameterised statements on one SQL warehouse through the Statement Execution API. Values
 * always travel as statement parameters, never in the SQL text.
 *
 * <p>Results come back INLINE in the JSON_ARRAY format, so every value is a string or null. The
 * warehouse answers within {@link #WAIT_TIMEOUT} when it can. A statement still PENDING or RUNNING
 * after that (a warehouse that is starting, a busy queue) is polled with growing pauses until it
 * finishes, and is cancelled once the statement timeout has passed. A result of several chunks is
 * fetched chunk by chunk.
 *
 * <p>Single HTTP requests are retried by the SDK: 429 and 503 answers and connection failures, up
 * to four attempts, honouring Retry-After. A statement that the warehouse ran and that FAILED is
 * not retried here; the next refresh runs it again.
 */
final class SqlWarehouse {

  /** How long the warehouse holds the first answer back while the statement runs (5s-50s). */
  static final String WAIT_TIMEOUT = "10s";

  static final Duration FIRST_POLL = Duration.ofMillis(250);
  static final Duration MAX_POLL = Duration.ofSeconds(5);

  /** A starting classic warehouse can take minutes; serverless ones take seconds. */
  static final Duration STATEMENT_TIMEOUT = Duration.ofMinutes(5);

  /** One named parameter, with its SQL type. */
  record Parameter(String name, String type, String value) {
    Parameter {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(value, "value");
    }

    static Parameter string(String name, String value) {
      return new Parameter(name, "STRING", value);
    }

    static Parameter bigint(String name, long value) {
      return new Parameter(name, "BIGINT", Long.toString(value));
    }

    StatementParameterListItem toSdk() {
      return new StatementParameterListItem().setName(name).setType(type).setValue(value);
    }
  }

  /**
   * The rows of a finished statement.
   *
   * @param columns column names, in result order
   * @param rows each row's values as the warehouse rendered them; null for SQL NULL
   * @param truncated whether the warehouse stopped at the row limit (or its byte limit) and more
   *     rows matched
   */
  record Result(List<String> columns, List<List<String>> rows, boolean truncated) {
    Result {
      columns = List.copyOf(columns);
      rows = List.copyOf(rows);
    }

    /** The position of a column, or -1 when the result has none of that name. */
    int column(String name) {
      return columns.indexOf(name);
    }
  }

  private final StatementExecutionAPI statements;
  private final String warehouseId;
  private final String catalog;
  private final String schema;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration statementTimeout;

  SqlWarehouse(
      StatementExecutionAPI statements,
      String warehouseId,
      String catalog,
      String schema,
      Clock clock,
      Sleeper sleeper,
      Duration statementTimeout) {
    this.statements = Objects.requireNonNull(statements, "statements");
    this.warehouseId = Objects.requireNonNull(warehouseId, "warehouseId");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.statementTimeout = Objects.requireNonNull(statementTimeout, "statementTimeout");
    if (statementTimeout.isNegative() || statementTimeout.isZero()) {
      throw new IllegalArgumentException(
          "statementTimeout must be positive, got " + statementTimeout);
    }
  }

  String warehouseId() {
    return warehouseId;
  }

  /**
   * Runs the statement and returns all its rows.
   *
   * @param rowLimit the most rows to return, or null for all; {@link Result#truncated} says whether
   *     more matched
   * @throws SqlStatementException when a request fails after the SDK's retries, or the statement
   *     fails, is cancelled or outlasts the statement timeout
   */
  Result query(String sql, List<Parameter> parameters, Long rowLimit) throws SqlStatementException {
    ExecuteStatementRequest request =
        new ExecuteStatementRequest()
            .setWarehouseId(warehouseId)
            .setCatalog(catalog)
            .setSchema(schema)
            .setStatement(sql)
            .setParameters(parameters.stream().map(Parameter::toSdk).toList())
            .setDisposition(Disposition.INLINE)
            .setFormat(Format.JSON_ARRAY)
            .setWaitTimeout(WAIT_TIMEOUT)
            .setOnWaitTimeout(ExecuteStatementRequestOnWaitTimeout.CONTINUE)
            .setRowLimit(rowLimit);
    StatementResponse response =
        call("submit the statement", () -> statements.executeStatement(request));
    String id = response.getStatementId();
    if (id == null || id.isBlank()) {
      throw new SqlStatementException("the warehouse returned no statement id", null, null);
    }
    Instant deadline = clock.instant().plus(statementTimeout);
    Duration pause = FIRST_POLL;
    while (isRunning(response)) {
      StatementState state = response.getStatus().getState();
      if (!clock.instant().isBefore(deadline)) {
        cancel(id);
        throw new SqlStatementException(
            "statement "
                + id
                + " was still "
                + state
                + " after "
                + statementTimeout.toSeconds()
                + "s and was cancelled — the warehouse may be starting or busy",
            null,
            null);
      }
      try {
        sleeper.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel(id);
        throw new SqlStatementException(
            "interrupted while statement " + id + " was " + state + "; cancelled it", null, e);
      }
      pause = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
      response =
          call(
              "poll statement " + id,
              () -> statements.getStatement(new GetStatementRequest().setStatementId(id)));
    }
    return finished(id, response);
  }

  private Result finished(String id, StatementResponse response) throws SqlStatementException {
    StatementStatus status = response.getStatus();
    StatementState state = status == null ? null : status.getState();
    if (state != StatementState.SUCCEEDED) {
      throw failed(id, state, status);
    }
    ResultManifest manifest = response.getManifest();
    List<String> columns = columns(manifest);
    List<List<String>> rows = new ArrayList<>();
    ResultData chunk = response.getResult();
    long chunks =
        manifest == null || manifest.getTotalChunkCount() == null
            ? 0
            : manifest.getTotalChunkCount();
    if (chunk == null && chunks > 0) {
      chunk = fetchChunk(id, 0);
    }
    long fetched = 0;
    while (chunk != null) {
      addRows(rows, chunk.getDataArray());
      Long next = chunk.getNextChunkIndex();
      if (next == null) {
        break;
      }
      // A chunk that points back would loop forever.
      if (++fetched > Math.max(chunks, 1)
          || (chunk.getChunkIndex() != null && next <= chunk.getChunkIndex())) {
        throw new SqlStatementException(
            "statement "
                + id
                + ": chunk "
                + chunk.getChunkIndex()
                + " points to chunk "
                + next
                + " of "
                + chunks,
            null,
            null);
      }
      chunk = fetchChunk(id, next);
    }
    boolean truncated = manifest != null && Boolean.TRUE.equals(manifest.getTruncated());
    Long expected = manifest == null ? null : manifest.getTotalRowCount();
    if (!truncated && expected != null && expected != rows.size()) {
      throw new SqlStatementException(
          "statement " + id + " reported " + expected + " rows but delivered " + rows.size(),
          null,
          null);
    }
    return new Result(columns, rows, truncated);
  }

  private ResultData fetchChunk(String id, long index) throws SqlStatementException {
    return call(
        "fetch result chunk " + index + " of statement " + id,
        () ->
            statements.getStatementResultChunkN(
                new GetStatementResultChunkNRequest().setStatementId(id).setChunkIndex(index)));
  }

  private static List<String> columns(ResultManifest manifest) {
    if (manifest == null
        || manifest.getSchema() == null
        || manifest.getSchema().getColumns() == null) {
      return List.of();
    }
    return manifest.getSchema().getColumns().stream()
        .sorted(Comparator.comparing(c -> c.getPosition() == null ? 0L : c.getPosition()))
        .map(ColumnInfo::getName)
        .toList();
  }

  private static void addRows(List<List<String>> rows, Collection<Collection<String>> data) {
    if (data == null) {
      return;
    }
    for (Collection<String> row : data) {
      // SQL NULLs arrive as JSON nulls, which List.copyOf refuses.
      rows.add(row == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(row)));
    }
  }

  private static boolean isRunning(StatementResponse response) {
    StatementStatus status = response.getStatus();
    return status != null
        && (status.getState() == StatementState.PENDING
            || status.getState() == StatementState.RUNNING);
  }

  private static SqlStatementException failed(
      String id, StatementState state, StatementStatus status) {
    ServiceError error = status == null ? null : status.getError();
    String sqlState = status == null ? null : status.getSqlState();
    StringBuilder message = new StringBuilder("statement ").append(id).append(' ');
    message.append(state == null ? "returned no state" : state.name());
    if (error != null) {
      message.append(": ");
      if (error.getErrorCode() != null) {
        message.append(error.getErrorCode()).append(": ");
      }
      message.append(SdkErrors.firstLine(error.getMessage()));
    }
    if (sqlState != null && !message.toString().contains(sqlState)) {
      message.append(" (SQLSTATE ").append(sqlState).append(')');
    }
    return new SqlStatementException(message.toString(), sqlState, null);
  }

  /** Best effort: the statement is abandoned either way, and the warehouse times it out. */
  private void cancel(String id) {
    try {
      statements.cancelExecution(new CancelExecutionRequest().setStatementId(id));
    } catch (RuntimeException e) {
      // Nothing more to do; the caller reports why the statement was abandoned.
    }
  }

  private static <T> T call(String action, Supplier<T> request) throws SqlStatementException {
    try {
      return request.get();
    } catch (RuntimeException e) {
      throw new SqlStatementException(action + ": " + SdkErrors.describe(e), null, e);
    }
  }
}
