package io.clickflow.monitoring.databricks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickflow.contract.EventLog;
import io.clickflow.contract.TableConventions;
import io.clickflow.monitoring.ExpectationResult;
import io.clickflow.monitoring.FlowProgress;
import io.clickflow.monitoring.databricks.LocalDatabricks.Answer;
import io.clickflow.monitoring.databricks.LocalDatabricks.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Unity Catalog schema as a SQL warehouse answers the exporter's statements about it: the event
 * log table and the dataset tables with their properties. It evaluates exactly the statements the
 * exporter sends (the row count, a page of rows after a commit time, {@code SHOW TBLPROPERTIES})
 * and fails any other, so an unannounced new statement fails the tests. A statement run in another
 * catalog or schema finds no table, as on a real warehouse.
 */
public final class WarehouseSchema implements LocalDatabricks.Warehouse {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String catalog;
  private final String schema;
  private List<FlowProgress> eventLog;
  private final Map<String, Map<String, String>> tables = new LinkedHashMap<>();

  public WarehouseSchema(String catalog, String schema) {
    this.catalog = catalog;
    this.schema = schema;
  }

  /** Appends rows, creating the event log on the first append as the pipeline does. */
  public synchronized WarehouseSchema append(List<FlowProgress> rows) {
    if (eventLog == null) {
      eventLog = new ArrayList<>();
    }
    eventLog.addAll(rows);
    return this;
  }

  /** Drops and recreates the event log with these rows, as a full refresh would. */
  public synchronized WarehouseSchema replaceEventLog(List<FlowProgress> rows) {
    eventLog = new ArrayList<>(rows);
    return this;
  }

  /** Drops the event log table. */
  public synchronized WarehouseSchema dropEventLog() {
    eventLog = null;
    return this;
  }

  /** Creates a table with the properties the pipeline declares. */
  public synchronized WarehouseSchema createTable(String name, Map<String, String> properties) {
    tables.put(name, Map.copyOf(properties));
    return this;
  }

  public WarehouseSchema createDataset(String name, String layer) {
    return createTable(name, Map.of(TableConventions.QUALITY_PROPERTY, layer));
  }

  @Override
  public synchronized Answer apply(Statement statement) {
    String table = unquote(statement.parameter("table"));
    boolean here = catalog.equals(statement.catalog()) && schema.equals(statement.schema());
    String sql = statement.sql();
    if (sql.equals(DatabricksEventLogSource.COUNT_SQL)) {
      if (!here || !table.equals(EventLog.TABLE) || eventLog == null) {
        return Answer.tableNotFound(statement.parameter("table"));
      }
      return Answer.rows(
          List.of("event_log_rows"), List.of(List.of(Long.toString(eventLog.size()))));
    }
    if (sql.equals(DatabricksEventLogSource.ROWS_SQL)) {
      if (!here || !table.equals(EventLog.TABLE) || eventLog == null) {
        return Answer.tableNotFound(statement.parameter("table"));
      }
      long after = Long.parseLong(statement.parameter("after_micros"));
      DateTimeFormatter format =
          DateTimeFormatter.ofPattern(statement.parameter("timestamp_format"))
              .withZone(ZoneOffset.UTC);
      List<List<String>> rows =
          eventLog.stream()
              .filter(row -> DatabricksEventLogSource.micros(row.timestamp()) > after)
              .sorted(Comparator.comparing(FlowProgress::timestamp))
              .map(row -> List.of(render(row, format)))
              .toList();
      return Answer.rows(List.of("flow_progress"), rows);
    }
    if (sql.equals(DatabricksDatasetCatalog.PROPERTIES_SQL)) {
      Map<String, String> properties = here ? tables.get(table) : null;
      if (properties == null) {
        return Answer.tableNotFound(statement.parameter("table"));
      }
      List<List<String>> rows = new ArrayList<>();
      properties.forEach((key, value) -> rows.add(List.of(key, value)));
      rows.add(List.of("delta.minReaderVersion", "3"));
      return Answer.rows(List.of("key", "value"), rows);
    }
    return Answer.failed(
        "BAD_REQUEST", "[PARSE_SYNTAX_ERROR] unexpected statement: " + sql, "42601");
  }

  /**
   * One event log row as {@code to_json(struct(*))} renders it with null fields kept: every column
   * of {@link EventLog}, in table order.
   */
  public static String render(FlowProgress row, DateTimeFormatter format) {
    ObjectNode json = JSON.createObjectNode();
    json.put(EventLog.TIMESTAMP, format.format(row.timestamp()));
    json.put(EventLog.RUN_ID, row.runId());
    json.put(EventLog.DATASET, row.dataset());
    json.put(EventLog.BATCH_ID, row.batchId());
    json.put(EventLog.INPUT_ROWS, row.inputRows());
    json.put(EventLog.OUTPUT_ROWS, row.outputRows());
    json.put(EventLog.DURATION_MS, row.durationMs());
    ObjectNode quality = json.putObject(EventLog.DATA_QUALITY);
    quality.put(EventLog.DROPPED_RECORDS, row.droppedRecords());
    ArrayNode expectations = quality.putArray(EventLog.EXPECTATIONS);
    for (ExpectationResult e : row.expectations()) {
      expectations
          .addObject()
          .put(EventLog.Expectation.NAME, e.name())
          .put(EventLog.Expectation.DATASET, e.dataset())
          .put(EventLog.Expectation.ACTION, e.action())
          .put(EventLog.Expectation.PASSED_RECORDS, e.passedRecords())
          .put(EventLog.Expectation.FAILED_RECORDS, e.failedRecords());
    }
    json.put(EventLog.LATE_RECORDS, row.lateRecords());
    json.put(EventLog.RESCUED_RECORDS, row.rescuedRecords());
    json.put(EventLog.CORRUPT_RECORDS, row.corruptRecords());
    json.put(EventLog.EMPTY_LINES, 0L);
    json.put(EventLog.WATERMARK, timestamp(row.watermark(), format));
    json.put(EventLog.MAX_EVENT_TIME, timestamp(row.maxEventTime(), format));
    json.put(EventLog.BACKLOG_FILES, row.backlogFiles());
    json.putNull(EventLog.BACKLOG_BYTES);
    json.put(EventLog.STATUS, row.failed() ? EventLog.STATUS_FAILED : EventLog.STATUS_COMPLETED);
    return json.toString();
  }

  private static String timestamp(Instant instant, DateTimeFormatter format) {
    return instant == null ? null : format.format(instant);
  }

  private static String unquote(String identifier) {
    if (identifier.length() >= 2 && identifier.startsWith("`") && identifier.endsWith("`")) {
      return identifier.substring(1, identifier.length() - 1).replace("``", "`");
    }
    return identifier;
  }
}
