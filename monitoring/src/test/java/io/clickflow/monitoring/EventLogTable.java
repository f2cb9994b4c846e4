package io.clickflow.monitoring;

import io.clickflow.contract.EventLog;
import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Table;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionBuilder;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes an event log Delta table with Delta Kernel's write API, so that the reader is tested
 * against real Parquet files and a real Delta log without Spark. Each {@link #append} is one
 * commit; every tenth is followed by a checkpoint.
 */
final class EventLogTable {

  static final StructType EXPECTATION_SCHEMA =
      new StructType()
          .add(EventLog.Expectation.NAME, StringType.STRING)
          .add(EventLog.Expectation.DATASET, StringType.STRING)
          .add(EventLog.Expectation.ACTION, StringType.STRING)
          .add(EventLog.Expectation.PASSED_RECORDS, LongType.LONG)
          .add(EventLog.Expectation.FAILED_RECORDS, LongType.LONG);

  /** The event log schema as the contract's Javadoc describes it, and the pipeline writes it. */
  static final StructType SCHEMA =
      new StructType()
          .add(EventLog.TIMESTAMP, TimestampType.TIMESTAMP)
          .add(EventLog.RUN_ID, StringType.STRING)
          .add(EventLog.DATASET, StringType.STRING)
          .add(EventLog.BATCH_ID, LongType.LONG)
          .add(EventLog.INPUT_ROWS, LongType.LONG)
          .add(EventLog.OUTPUT_ROWS, LongType.LONG)
          .add(EventLog.DURATION_MS, LongType.LONG)
          .add(
              EventLog.DATA_QUALITY,
              new StructType()
                  .add(EventLog.DROPPED_RECORDS, LongType.LONG)
                  .add(EventLog.EXPECTATIONS, new ArrayType(EXPECTATION_SCHEMA, true)))
          .add(EventLog.LATE_RECORDS, LongType.LONG)
          .add(EventLog.RESCUED_RECORDS, LongType.LONG)
          .add(EventLog.CORRUPT_RECORDS, LongType.LONG)
          .add(EventLog.EMPTY_LINES, LongType.LONG)
          .add(EventLog.WATERMARK, TimestampType.TIMESTAMP)
          .add(EventLog.MAX_EVENT_TIME, TimestampType.TIMESTAMP)
          .add(EventLog.BACKLOG_FILES, LongType.LONG)
          .add(EventLog.BACKLOG_BYTES, LongType.LONG);

  /** The schema before {@code empty_lines} and {@code backlog_bytes} were added. */
  static final StructType SCHEMA_WITHOUT_LATER_COLUMNS =
      new StructType(
          SCHEMA.fields().stream()
              .filter(
                  f ->
                      !f.getName().equals(EventLog.EMPTY_LINES)
                          && !f.getName().equals(EventLog.BACKLOG_BYTES))
              .toList());

  private final Engine engine;
  private final String path;
  private final StructType schema;

  EventLogTable(Engine engine, String path) {
    this(engine, path, SCHEMA);
  }

  /** A table with another schema, for tests of how the reader copes with a drifted writer. */
  EventLogTable(Engine engine, String path, StructType schema) {
    this.engine = engine;
    this.path = path;
    this.schema = schema;
  }

  /** Creates the table with no rows. */
  void create() {
    Transaction txn = transaction();
    txn.commit(engine, CloseableIterable.emptyIterable());
  }

  /**
   * Appends rows in one commit. Columns the rows do not carry are written as the pipeline would: no
   * empty lines, no backlog bytes; a {@code status} column, when the schema has one, says FAILED or
   * COMPLETED.
   */
  void append(List<FlowProgress> rows) {
    appendRows(rows.stream().map(this::toColumns).toList());
  }

  /**
   * Appends rows given as column values in schema order, for schemas other than {@link #SCHEMA}.
   */
  void appendRows(List<List<Object>> rows) {
    Transaction txn = transaction();
    Row state = txn.getTransactionState(engine);
    CloseableIterator<FilteredColumnarBatch> physical =
        Transaction.transformLogicalData(engine, state, iterator(List.of(batch(rows))), Map.of());
    DataWriteContext context = Transaction.getWriteContext(engine, state, Map.of());
    CloseableIterator<DataFileStatus> files;
    try {
      files =
          engine
              .getParquetHandler()
              .writeParquetFiles(
                  context.getTargetDirectory(), physical, context.getStatisticsColumns());
    } catch (IOException e) {
      throw new UncheckedIOException("write parquet under " + path, e);
    }
    CloseableIterator<Row> actions =
        Transaction.generateAppendActions(engine, state, files, context);
    TransactionCommitResult result =
        txn.commit(engine, CloseableIterable.inMemoryIterable(actions));
    // Checkpoints every 10 commits, as Spark's Delta writer does for the real event log; without
    // them every read would replay the whole JSON log.
    for (PostCommitHook hook : result.getPostCommitHooks()) {
      try {
        hook.threadSafeInvoke(engine);
      } catch (IOException e) {
        throw new UncheckedIOException(hook.getType() + " after commit to " + path, e);
      }
    }
  }

  private Transaction transaction() {
    Table table = Table.forPath(engine, path);
    boolean exists;
    try {
      table.getLatestSnapshot(engine);
      exists = true;
    } catch (TableNotFoundException e) {
      exists = false;
    }
    TransactionBuilder builder =
        table.createTransactionBuilder(
            engine, "clickflow-monitoring-test", exists ? Operation.WRITE : Operation.CREATE_TABLE);
    if (!exists) {
      builder = builder.withSchema(engine, schema);
    }
    return builder.build(engine);
  }

  private FilteredColumnarBatch batch(List<List<Object>> rows) {
    ColumnVector[] vectors = new ColumnVector[schema.length()];
    for (int i = 0; i < vectors.length; i++) {
      int ordinal = i;
      DataType type = schema.at(i).getDataType();
      vectors[i] = new ObjectColumnVector(type, rows.stream().map(r -> r.get(ordinal)).toList());
    }
    ColumnarBatch batch =
        new ColumnarBatch() {
          @Override
          public StructType getSchema() {
            return schema;
          }

          @Override
          public ColumnVector getColumnVector(int ordinal) {
            return vectors[ordinal];
          }

          @Override
          public int getSize() {
            return rows.size();
          }
        };
    return new FilteredColumnarBatch(batch, Optional.empty());
  }

  private List<Object> toColumns(FlowProgress row) {
    List<Object> expectations = new ArrayList<>();
    for (ExpectationResult e : row.expectations()) {
      expectations.add(
          List.of(e.name(), e.dataset(), e.action(), e.passedRecords(), e.failedRecords()));
    }
    Map<String, Object> byName = new HashMap<>();
    byName.put(EventLog.TIMESTAMP, row.timestamp());
    byName.put(EventLog.RUN_ID, row.runId());
    byName.put(EventLog.DATASET, row.dataset());
    byName.put(EventLog.BATCH_ID, row.batchId());
    byName.put(EventLog.INPUT_ROWS, row.inputRows());
    byName.put(EventLog.OUTPUT_ROWS, row.outputRows());
    byName.put(EventLog.DURATION_MS, row.durationMs());
    byName.put(EventLog.DATA_QUALITY, List.<Object>of(row.droppedRecords(), expectations));
    byName.put(EventLog.LATE_RECORDS, row.lateRecords());
    byName.put(EventLog.RESCUED_RECORDS, row.rescuedRecords());
    byName.put(EventLog.CORRUPT_RECORDS, row.corruptRecords());
    byName.put(EventLog.EMPTY_LINES, 0L);
    byName.put(EventLog.WATERMARK, row.watermark());
    byName.put(EventLog.MAX_EVENT_TIME, row.maxEventTime());
    byName.put(EventLog.BACKLOG_FILES, row.backlogFiles());
    byName.put(FlowProgressBatchMapper.STATUS, row.failed() ? "FAILED" : "COMPLETED");
    List<Object> columns = new ArrayList<>();
    for (String name : schema.fieldNames()) {
      columns.add(byName.get(name));
    }
    return columns;
  }

  private static <T> CloseableIterator<T> iterator(List<T> items) {
    Iterator<T> it = items.iterator();
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public T next() {
        return it.next();
      }

      @Override
      public void close() {}
    };
  }
}
