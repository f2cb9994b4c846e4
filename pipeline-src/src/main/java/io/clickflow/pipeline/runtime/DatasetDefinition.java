package io.clickflow.pipeline.runtime;

import io.clickflow.pipeline.graph.DatasetSpec;

/** A dataset: its static description plus how to compute it. */
public sealed interface DatasetDefinition
    permits StreamingTableDefinition, MaterializedViewDefinition {

  DatasetSpec spec();
}
