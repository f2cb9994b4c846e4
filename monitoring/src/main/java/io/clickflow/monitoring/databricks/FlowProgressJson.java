package io.clickflow.monitoring.databricks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickflow.contract.EventLog;
import io.clickflow.monitoring.ExpectationResult;
import io.clickflow.monitoring.FlowProgress;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one event log row, rendered by the warehouse as a JSON object ({@code to_json(struct(*))}
 * with null fields kept), into a {@link FlowProgress}. Fields are found by their {@link EventLog}
 * name, so column order and extra columns do not matter, and the rules are those of the Delta
 * Kernel reader: the required columns must be there, a null count contributes nothing, and the
 * identity fields (timestamp, run id, dataset, batch id) must not be null.
 */
final class FlowProgressJson {

  /**
   * The pattern the statement asks {@code to_json} for: microseconds, as Delta keeps them, and the
   * offset, so the session time zone does not matter.
   */
  static final String TIMESTAMP_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX";

  private static final ObjectMapper JSON = new ObjectMapper();

  private FlowProgressJson() {}

  /**
   * @throws IllegalArgumentException when the text is not a JSON object, a required column is
   *     missing, or a value has the wrong type or is invalid
   */
  static FlowProgress parse(String json) {
    JsonNode row;
    try {
      row = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (row == null || !row.isObject()) {
      throw new IllegalArgumentException("not a JSON object: " + abbreviate(json));
    }
    List<String> missing = FlowProgress.REQUIRED_COLUMNS.stream().filter(c -> !row.has(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "missing column(s) "
              + String.join(", ", missing)
              + "; found "
              + String.join(", ", (Iterable<String>) row::fieldNames));
    }
    JsonNode quality = row.get(EventLog.DATA_QUALITY);
    boolean hasQuality = quality != null && !quality.isNull();
    if (hasQuality && !quality.isObject()) {
      throw new IllegalArgumentException(
          EventLog.DATA_QUALITY + " must be a struct, got " + quality);
    }
    JsonNode status = row.get(EventLog.STATUS);
    return new FlowProgress(
        requiredTimestamp(row, EventLog.TIMESTAMP),
        requiredString(row, EventLog.RUN_ID, ""),
        requiredString(row, EventLog.DATASET, ""),
        requiredLong(row, EventLog.BATCH_ID, ""),
        count(row, EventLog.INPUT_ROWS, ""),
        count(row, EventLog.OUTPUT_ROWS, ""),
        count(row, EventLog.DURATION_MS, ""),
        hasQuality ? count(quality, EventLog.DROPPED_RECORDS, EventLog.DATA_QUALITY + ".") : 0,
        hasQuality ? expectations(quality) : List.of(),
        count(row, EventLog.LATE_RECORDS, ""),
        count(row, EventLog.RESCUED_RECORDS, ""),
        count(row, EventLog.CORRUPT_RECORDS, ""),
        timestamp(row.get(EventLog.WATERMARK), EventLog.WATERMARK),
        timestamp(row.get(EventLog.MAX_EVENT_TIME), EventLog.MAX_EVENT_TIME),
        longValue(row.get(EventLog.BACKLOG_FILES), EventLog.BACKLOG_FILES),
        status != null
            && status.isTextual()
            && EventLog.STATUS_FAILED.equalsIgnoreCase(status.asText()));
  }

  private static List<ExpectationResult> expectations(JsonNode quality) {
    String field = EventLog.DATA_QUALITY + "." + EventLog.EXPECTATIONS;
    JsonNode array = quality.get(EventLog.EXPECTATIONS);
    if (array == null || array.isNull()) {
      return List.of();
    }
    if (!array.isArray()) {
      throw new IllegalArgumentException(field + " must be an array of structs, got " + array);
    }
    String prefix = field + ".";
    List<ExpectationResult> results = new ArrayList<>(array.size());
    for (JsonNode element : array) {
      if (element.isNull()) {
        continue;
      }
      if (!element.isObject()) {
        throw new IllegalArgumentException(field + " must be an array of structs, got " + array);
      }
      results.add(
          new ExpectationResult(
              requiredString(element, EventLog.Expectation.NAME, prefix),
              requiredString(element, EventLog.Expectation.DATASET, prefix),
              requiredString(element, EventLog.Expectation.ACTION, prefix),
              count(element, EventLog.Expectation.PASSED_RECORDS, prefix),
              count(element, EventLog.Expectation.FAILED_RECORDS, prefix)));
    }
    return results;
  }

  private static String requiredString(JsonNode node, String name, String prefix) {
    JsonNode value = required(node, name, prefix);
    if (!value.isTextual()) {
      throw new IllegalArgumentException(prefix + name + " must be a string, got " + value);
    }
    return value.asText();
  }

  private static long requiredLong(JsonNode node, String name, String prefix) {
    return longValue(required(node, name, prefix), prefix + name);
  }

  private static Instant requiredTimestamp(JsonNode node, String name) {
    return timestamp(required(node, name, ""), name);
  }

  private static JsonNode required(JsonNode node, String name, String prefix) {
    JsonNode value = node.get(name);
    if (value == null) {
      throw new IllegalArgumentException("missing column " + prefix + name);
    }
    if (value.isNull()) {
      throw new IllegalArgumentException(prefix + name + " is null");
    }
    return value;
  }

  private static long count(JsonNode node, String name, String prefix) {
    JsonNode value = node.get(name);
    if (value == null) {
      throw new IllegalArgumentException("missing column " + prefix + name);
    }
    Long count = longValue(value, prefix + name);
    return count == null ? 0 : count;
  }

  private static Long longValue(JsonNode value, String name) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new IllegalArgumentException(name + " must be a long, got " + value);
    }
    return value.longValue();
  }

  /** A timestamp without offset (TIMESTAMP_NTZ) is UTC, as the Delta Kernel reader takes it. */
  private static Instant timestamp(JsonNode value, String name) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(name + " must be a timestamp, got " + value);
    }
    try {
      TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(value.asText());
      return parsed.isSupported(ChronoField.OFFSET_SECONDS)
          ? OffsetDateTime.from(parsed).toInstant()
          : LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + " must be a timestamp, got " + value + ": " + e.getMessage(), e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
