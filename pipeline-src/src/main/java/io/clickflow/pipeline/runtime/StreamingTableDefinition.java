package io.clickflow.pipeline.runtime;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A streaming table: a streaming source and a function that writes each micro-batch. The runner
 * owns the query, its checkpoint and its trigger; the definition owns what is read and written.
 */
public non-sealed interface StreamingTableDefinition extends DatasetDefinition {

  /** The streaming input, including any stateful operators (watermark, dedup). */
  Dataset<Row> source(PipelineContext ctx);

  /**
   * Writes one micro-batch. Must be idempotent per batch id (use {@link TableStore#append} or a
   * deterministic MERGE), because a batch is replayed after a crash.
   */
  BatchOutcome writeBatch(Dataset<Row> batch, long batchId, PipelineContext ctx);
}
