package io.clickflow.pipeline.runtime;

import java.time.Clock;
import org.apache.spark.sql.SparkSession;

/**
 * What a dataset definition may use: the session, where tables live, and the settings.
 *
 * @param flowsOverlap whether the flows of this run process batches at the same time (continuous
 *     mode), so that a flow may see another's table ahead of its own input; in a run to completion
 *     the flows run one after another in graph order
 * @param mayReplay whether the batch being written may be a replay: the batch an earlier start of
 *     the query planned but did not record as done, which a crash may have interrupted after some
 *     of its writes
 */
public record PipelineContext(
    SparkSession spark,
    TableStore store,
    PipelineSettings settings,
    Clock clock,
    boolean flowsOverlap,
    boolean mayReplay) {

  public PipelineContext(
      SparkSession spark, TableStore store, PipelineSettings settings, Clock clock) {
    this(spark, store, settings, clock, false, false);
  }

  /**
   * This context in the session of a batch: where the batch function runs, which under Spark
   * Connect is not where this context was made.
   */
  public PipelineContext inSession(SparkSession session) {
    return new PipelineContext(
        session, store.inSession(session), settings, clock, flowsOverlap, mayReplay);
  }

  public PipelineContext overlapping() {
    return new PipelineContext(spark, store, settings, clock, true, mayReplay);
  }
}
