package io.clickflow.monitoring;

import java.util.Objects;
import java.util.Optional;

/**
 * What the catalog said about one dataset.
 *
 * @param layer the layer label, see {@link DatasetCatalog#layer}; empty while the dataset has no
 *     table
 * @param hasQuarantine whether the dataset's dropped rows are kept in a quarantine table
 */
public record DatasetFacts(Optional<String> layer, boolean hasQuarantine) {

  public static final DatasetFacts UNKNOWN = new DatasetFacts(Optional.empty(), false);

  public DatasetFacts {
    Objects.requireNonNull(layer, "layer");
  }

  public boolean isGold() {
    return layer.filter("gold"::equals).isPresent();
  }
}
