package io.clickflow.pipeline;

import io.clickflow.pipeline.bronze.BronzeEvents;
import io.clickflow.pipeline.gold.DimUser;
import io.clickflow.pipeline.gold.FactEvents;
import io.clickflow.pipeline.gold.GoldViews;
import io.clickflow.pipeline.graph.DatasetGraph;
import io.clickflow.pipeline.runtime.DatasetDefinition;
import io.clickflow.pipeline.silver.SilverEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The clickstream pipeline's datasets. Order here does not matter: the graph sorts them. */
public final class ClickstreamPipeline {

  public static final Set<String> EXTERNAL_SOURCES = Set.of(BronzeEvents.LANDING);

  private ClickstreamPipeline() {}

  /** The checked graph of {@link #definitions()}; needs no Spark. */
  public static DatasetGraph graph() {
    return DatasetGraph.of(
        definitions().stream().map(DatasetDefinition::spec).toList(), EXTERNAL_SOURCES);
  }

  public static List<DatasetDefinition> definitions() {
    List<DatasetDefinition> definitions =
        new ArrayList<>(
            List.of(new BronzeEvents(), new SilverEvents(), new DimUser(), new FactEvents()));
    definitions.addAll(GoldViews.definitions());
    return List.copyOf(definitions);
  }
}
