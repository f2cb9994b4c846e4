package io.clickflow.monitoring;

import io.clickflow.contract.EventLog;
import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Turns Delta Kernel batches of the event log into {@link FlowProgress} rows. Columns are found by
 * their {@link EventLog} name, not position, so column order and extra columns do not matter.
 *
 * <p>Count columns are read leniently: a null count contributes nothing, and int columns are
 * widened, because a writer that leaves a count unknown should not blind the whole exporter. The
 * identity columns (timestamp, run id, dataset, batch id) must be present and non-null.
 */
final class FlowProgressBatchMapper {

  private static final long MICROS_PER_SECOND = 1_000_000L;

  /**
   * Optional column with the batch's outcome, as Lakeflow's {@code flow_progress.status}: {@link
   * EventLog#STATUS_FAILED} marks a batch that failed instead of committing; anything else, or no
   * column at all (logs written before it existed), is a committed batch.
   */
  static final String STATUS = EventLog.STATUS;

  private static final String FAILED = EventLog.STATUS_FAILED;

  /**
   * Returns the selected rows of one batch.
   *
   * @throws IllegalArgumentException when a column is missing or has an unexpected type, or a row
   *     is invalid; the caller adds the file location
   */
  List<FlowProgress> map(FilteredColumnarBatch filtered) {
    ColumnarBatch batch = filtered.getData();
    List<String> missing =
        FlowProgress.REQUIRED_COLUMNS.stream()
            .filter(c -> batch.getSchema().indexOf(c) < 0)
            .toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "missing column(s) " + String.join(", ", missing) + "; found " + batch.getSchema());
    }
    Optional<ColumnVector> selection = filtered.getSelectionVector();
    Columns row = new Columns("", batch.getSchema(), batch::getColumnVector);
    List<FlowProgress> result = new ArrayList<>(batch.getSize());
    for (int i = 0; i < batch.getSize(); i++) {
      if (selection.isEmpty() || isSelected(selection.get(), i)) {
        try {
          result.add(flowProgress(row, i));
        } catch (IllegalArgumentException | NullPointerException e) {
          throw new IllegalArgumentException("row " + i + ": " + e.getMessage(), e);
        }
      }
    }
    return result;
  }

  private static boolean isSelected(ColumnVector selection, int row) {
    return !selection.isNullAt(row) && selection.getBoolean(row);
  }

  private static FlowProgress flowProgress(Columns columns, int row) {
    Columns quality = columns.struct(EventLog.DATA_QUALITY, row);
    return new FlowProgress(
        requiredTimestamp(columns, EventLog.TIMESTAMP, row),
        requiredString(columns, EventLog.RUN_ID, row),
        requiredString(columns, EventLog.DATASET, row),
        requiredLong(columns, EventLog.BATCH_ID, row),
        count(columns, EventLog.INPUT_ROWS, row),
        count(columns, EventLog.OUTPUT_ROWS, row),
        count(columns, EventLog.DURATION_MS, row),
        quality == null ? 0 : count(quality, EventLog.DROPPED_RECORDS, row),
        quality == null ? List.of() : expectations(quality, row),
        count(columns, EventLog.LATE_RECORDS, row),
        count(columns, EventLog.RESCUED_RECORDS, row),
        count(columns, EventLog.CORRUPT_RECORDS, row),
        timestamp(columns.vector(EventLog.WATERMARK), row, EventLog.WATERMARK),
        timestamp(columns.vector(EventLog.MAX_EVENT_TIME), row, EventLog.MAX_EVENT_TIME),
        longValue(columns.vector(EventLog.BACKLOG_FILES), row, EventLog.BACKLOG_FILES),
        FAILED.equalsIgnoreCase(optionalString(columns, STATUS, row)));
  }

  private static List<ExpectationResult> expectations(Columns quality, int row) {
    ColumnVector vector = quality.vector(EventLog.EXPECTATIONS);
    if (vector == null || vector.isNullAt(row)) {
      return List.of();
    }
    ArrayValue array = vector.getArray(row);
    ColumnVector elements = array.getElements();
    if (!(elements.getDataType() instanceof StructType elementType)) {
      throw new IllegalArgumentException(
          quality.qualified(EventLog.EXPECTATIONS)
              + " must be an array of structs, got "
              + vector.getDataType());
    }
    Columns fields =
        new Columns(
            quality.qualified(EventLog.EXPECTATIONS) + ".", elementType, elements::getChild);
    List<ExpectationResult> results = new ArrayList<>(array.getSize());
    for (int i = 0; i < array.getSize(); i++) {
      if (!elements.isNullAt(i)) {
        results.add(
            new ExpectationResult(
                requiredString(fields, EventLog.Expectation.NAME, i),
                requiredString(fields, EventLog.Expectation.DATASET, i),
                requiredString(fields, EventLog.Expectation.ACTION, i),
                count(fields, EventLog.Expectation.PASSED_RECORDS, i),
                count(fields, EventLog.Expectation.FAILED_RECORDS, i)));
      }
    }
    return results;
  }

  private static String requiredString(Columns columns, String name, int row) {
    ColumnVector vector = columns.required(name);
    requireType(vector.getDataType() instanceof StringType, columns, name, vector, "string");
    requireNotNull(vector, row, columns, name);
    return vector.getString(row);
  }

  private static String optionalString(Columns columns, String name, int row) {
    ColumnVector vector = columns.vector(name);
    if (vector == null) {
      return null;
    }
    requireType(vector.getDataType() instanceof StringType, columns, name, vector, "string");
    return vector.isNullAt(row) ? null : vector.getString(row);
  }

  private static long requiredLong(Columns columns, String name, int row) {
    ColumnVector vector = columns.required(name);
    requireNotNull(vector, row, columns, name);
    return longValue(vector, row, columns.qualified(name));
  }

  private static Instant requiredTimestamp(Columns columns, String name, int row) {
    ColumnVector vector = columns.required(name);
    requireNotNull(vector, row, columns, name);
    return timestamp(vector, row, columns.qualified(name));
  }

  private static long count(Columns columns, String name, int row) {
    Long value = longValue(columns.required(name), row, columns.qualified(name));
    return value == null ? 0 : value;
  }

  private static Long longValue(ColumnVector vector, int row, String name) {
    if (vector == null || vector.isNullAt(row)) {
      return null;
    }
    DataType type = vector.getDataType();
    if (type instanceof LongType) {
      return vector.getLong(row);
    } else if (type instanceof IntegerType) {
      return (long) vector.getInt(row);
    } else if (type instanceof ShortType) {
      return (long) vector.getShort(row);
    } else if (type instanceof ByteType) {
      return (long) vector.getByte(row);
    }
    throw new IllegalArgumentException(name + " must be a long, got " + type);
  }

  /** Delta stores timestamps as microseconds since the epoch, UTC for both timestamp types. */
  private static Instant timestamp(ColumnVector vector, int row, String name) {
    if (vector == null || vector.isNullAt(row)) {
      return null;
    }
    DataType type = vector.getDataType();
    if (!(type instanceof TimestampType || type instanceof TimestampNTZType)) {
      throw new IllegalArgumentException(name + " must be a timestamp, got " + type);
    }
    long micros = vector.getLong(row);
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, MICROS_PER_SECOND), Math.floorMod(micros, MICROS_PER_SECOND) * 1_000);
  }

  private static void requireType(
      boolean matches, Columns columns, String name, ColumnVector vector, String expected) {
    if (!matches) {
      throw new IllegalArgumentException(
          columns.qualified(name) + " must be a " + expected + ", got " + vector.getDataType());
    }
  }

  private static void requireNotNull(ColumnVector vector, int row, Columns columns, String name) {
    if (vector.isNullAt(row)) {
      throw new IllegalArgumentException(columns.qualified(name) + " is null");
    }
  }

  /** The fields of a batch or of a struct column, looked up by name. */
  private record Columns(String prefix, StructType schema, IntFunction<ColumnVector> vectorAt) {

    ColumnVector vector(String name) {
      int ordinal = schema.indexOf(name);
      return ordinal < 0 ? null : vectorAt.apply(ordinal);
    }

    ColumnVector required(String name) {
      ColumnVector vector = vector(name);
      if (vector == null) {
        throw new IllegalArgumentException("missing column " + qualified(name));
      }
      return vector;
    }

    /** The struct column's fields, or null when the struct is null in this row. */
    Columns struct(String name, int row) {
      ColumnVector vector = required(name);
      if (!(vector.getDataType() instanceof StructType structType)) {
        throw new IllegalArgumentException(
            qualified(name) + " must be a struct, got " + vector.getDataType());
      }
      return vector.isNullAt(row)
          ? null
          : new Columns(qualified(name) + ".", structType, vector::getChild);
    }

    String qualified(String name) {
      return prefix + name;
    }
  }
}
