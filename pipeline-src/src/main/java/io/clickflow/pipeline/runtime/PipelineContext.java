package io.clickflow.pipeline.runtime;

import java.time.Clock;
import org.apache.spark.sql.SparkSession;

/** What a dataset definition may use: the session, where tables live, and the settings. */
public record PipelineContext(
    SparkSession spark, TableStore store, PipelineSettings settings, Clock clock) {}
