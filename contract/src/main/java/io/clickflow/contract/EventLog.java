package io.clickflow.contract;

/**
 * The pipeline's event log: an append-only Delta table with one row per flow progress (one
 * micro-batch of one dataset), modelled on Lakeflow's {@code flow_progress} event. The pipeline
 * writes it and the exporter reads it; both use these names so they cannot drift apart.
 *
 * <p>Columns, in table order:
 *
 * <pre>
 * timestamp          timestamp   when the batch committed
 * run_id             string      one id per `pipeline run` invocation
 * dataset            string      dataset name, e.g. silver_events
 * batch_id           long        micro-batch id within the dataset's checkpoint
 * input_rows         long        rows read by the batch
 * output_rows        long        rows written to the dataset's table; for dim_user, the events
 *                                applied (the versions they changed are in its Delta history)
 * duration_ms        long        batch wall time
 * data_quality       struct
 *   dropped_records  long        rows removed by DROP expectations (a subset of failed)
 *   expectations     array&lt;struct&lt;name, dataset, action, passed_records, failed_records&gt;&gt;
 * late_records       long        rows behind the watermark, dropped by the stateful operator
 * rescued_records    long        rows with a non-null _rescued_data
 * corrupt_records    long        rows that were not JSON at all
 * empty_lines        long        blank lines skipped by Bronze (they carry no event)
 * watermark          timestamp   event-time watermark after the batch, null for stateless flows
 * max_event_time     timestamp   largest event_time written by the batch
 * backlog_files      long        files still waiting after the batch, when known
 * backlog_bytes      long        bytes still waiting after the batch, when known
 * status             string      COMPLETED, or FAILED for a batch that stopped its flow
 * </pre>
 *
 * <p>Readers must tolerate columns added later: new columns are appended, never renamed.
 */
public final class EventLog {

  /** Table name of the event log inside a lakehouse. */
  public static final String TABLE = "event_log";

  public static final String TIMESTAMP = "timestamp";
  public static final String RUN_ID = "run_id";
  public static final String DATASET = "dataset";
  public static final String BATCH_ID = "batch_id";
  public static final String INPUT_ROWS = "input_rows";
  public static final String OUTPUT_ROWS = "output_rows";
  public static final String DURATION_MS = "duration_ms";
  public static final String DATA_QUALITY = "data_quality";
  public static final String DROPPED_RECORDS = "dropped_records";
  public static final String EXPECTATIONS = "expectations";
  public static final String LATE_RECORDS = "late_records";
  public static final String RESCUED_RECORDS = "rescued_records";
  public static final String CORRUPT_RECORDS = "corrupt_records";
  public static final String EMPTY_LINES = "empty_lines";
  public static final String WATERMARK = "watermark";
  public static final String MAX_EVENT_TIME = "max_event_time";
  public static final String BACKLOG_FILES = "backlog_files";
  public static final String BACKLOG_BYTES = "backlog_bytes";
  public static final String STATUS = "status";

  /** {@link #STATUS} of a committed batch. */
  public static final String STATUS_COMPLETED = "COMPLETED";

  /** {@link #STATUS} of a batch that failed (a FAIL expectation, a crash) and stopped its flow. */
  public static final String STATUS_FAILED = "FAILED";

  /** Fields of one element of {@code data_quality.expectations}. */
  public static final class Expectation {
    public static final String NAME = "name";
    public static final String DATASET = "dataset";
    public static final String ACTION = "action";
    public static final String PASSED_RECORDS = "passed_records";
    public static final String FAILED_RECORDS = "failed_records";

    private Expectation() {}
  }

  private EventLog() {}
}
