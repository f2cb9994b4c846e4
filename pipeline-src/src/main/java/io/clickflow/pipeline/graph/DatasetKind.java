package io.clickflow.pipeline.graph;

/** The dataset kinds of a declarative pipeline. */
public enum DatasetKind {
  /** Incrementally appended or merged by a streaming flow with its own checkpoint. */
  STREAMING_TABLE,
  /** Defined by a batch query and recomputed by the runner on each update. */
  MATERIALIZED_VIEW,
  /** Named query other datasets read; never stored. */
  TEMPORARY_VIEW
}
