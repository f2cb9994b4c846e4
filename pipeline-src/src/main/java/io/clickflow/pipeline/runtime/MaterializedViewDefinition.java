package io.clickflow.pipeline.runtime;

import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A materialized view: a batch query the runner keeps current on each update. */
public non-sealed interface MaterializedViewDefinition extends DatasetDefinition {

  /** The whole view. */
  Dataset<Row> query(PipelineContext ctx);

  /**
   * How to refresh only the keys its input's changes touch; empty when every refresh must recompute
   * the whole view.
   */
  default Optional<IncrementalRefresh> incremental() {
    return Optional.empty();
  }
}
