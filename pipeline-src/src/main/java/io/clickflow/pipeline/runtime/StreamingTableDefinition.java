package io.clickflow.pipeline.runtime;

import java.io.Serializable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A streaming table: a streaming source and a function that writes each micro-batch. The runner
 * owns the query, its checkpoint and its trigger; the definition owns what is read and written.
 *
 * <p>The batch function runs wherever Spark runs it. With classic Spark that is the driver; under
 * Spark Connect (Databricks serverless) it is the server, far from the process that started the
 * query. So a definition is serialisable, its batch function takes its session from the batch (the
 * context it gets already does), and it reports nothing by side effect. What the event log says
 * about a batch comes from named observations on the source, which Spark returns with the query's
 * progress to whichever process asks.
 */
public non-sealed interface StreamingTableDefinition extends DatasetDefinition, Serializable {

  /**
   * The streaming input, including any stateful operators (watermark, dedup) and the named {@link
   * Dataset#observe(String, org.apache.spark.sql.Column, org.apache.spark.sql.Column...)
   * observations} that {@link #outcome} reads.
   */
  Dataset<Row> source(PipelineContext ctx);

  /**
   * Writes one micro-batch. Must be idempotent per batch id (use {@link TableStore#append} or a
   * deterministic MERGE), because a batch is replayed after a crash.
   *
   * <p>Observed metrics add up every scan of the batch, so a function that reads its batch more
   * than once persists it first: each row is then computed, and counted, once.
   */
  void writeBatch(Dataset<Row> batch, long batchId, PipelineContext ctx);

  /**
   * What one batch did, from the observations of {@link #source} as the batch's progress reports
   * them, by observation name.
   */
  BatchOutcome outcome(ObservedMetrics observed);
}
