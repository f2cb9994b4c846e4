package io.clickflow.pipeline.runtime;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A materialized view: a batch query recomputed by the runner on each update. */
public non-sealed interface MaterializedViewDefinition extends DatasetDefinition {

  Dataset<Row> query(PipelineContext ctx);
}
