package io.clickflow.monitoring;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Dataset tables as maps: the fake every exporter test asks about layers and quarantines. */
final class InMemoryDatasetCatalog implements DatasetCatalog {

  private final Map<String, String> layers = new HashMap<>();
  private final Set<String> quarantines = new HashSet<>();
  private int lookups;

  /** Declares a table the way the pipeline does; the layer is normalised as Delta's would be. */
  synchronized InMemoryDatasetCatalog table(String dataset, String declaredLayer) {
    layers.put(dataset, DatasetCatalog.layerLabel(declaredLayer));
    return this;
  }

  synchronized InMemoryDatasetCatalog quarantine(String dataset) {
    quarantines.add(dataset);
    return this;
  }

  synchronized int lookups() {
    return lookups;
  }

  @Override
  public synchronized Optional<String> layer(String dataset) {
    lookups++;
    return Optional.ofNullable(layers.get(dataset));
  }

  @Override
  public synchronized boolean hasQuarantine(String dataset) {
    lookups++;
    return quarantines.contains(dataset);
  }

  @Override
  public String location() {
    return "memory:catalog";
  }
}
