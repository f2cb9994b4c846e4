package io.clickflow.monitoring;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What the exporter learns about a dataset from its tables rather than from the event log: the
 * medallion layer it belongs to, and whether its dropped rows are kept in a quarantine table.
 * Implementations adapt one storage (a local lakehouse through Delta Kernel, or Unity Catalog
 * through a Databricks SQL warehouse) so that the metrics code never touches a vendor API.
 */
public interface DatasetCatalog {

  /** The layers a dataset can report; any other declared value reads as {@link #OTHER_LAYER}. */
  Set<String> LAYERS = Set.of("bronze", "silver", "gold");

  /** The layer label of a table that declares no known layer, so the label stays bounded. */
  String OTHER_LAYER = "other";

  /** A catalog without tables, for event logs read without their lakehouse. */
  DatasetCatalog NONE =
      new DatasetCatalog() {
        @Override
        public Optional<String> layer(String dataset) {
          return Optional.empty();
        }

        @Override
        public boolean hasQuarantine(String dataset) {
          return false;
        }

        @Override
        public String location() {
          return "no catalog";
        }
      };

  /**
   * The layer the dataset's table declares, as one of {@link #LAYERS} or {@link #OTHER_LAYER}.
   *
   * @return empty when the dataset has no table yet; the pipeline creates it on its first write
   * @throws DatasetCatalogException when the table exists but its metadata cannot be read
   */
  Optional<String> layer(String dataset) throws DatasetCatalogException;

  /**
   * Whether the dataset has a quarantine table, where the pipeline keeps the rows that DROP
   * expectations remove. The pipeline creates it with the first dropped row.
   *
   * @throws DatasetCatalogException when the catalog cannot tell, e.g. storage is unavailable
   */
  boolean hasQuarantine(String dataset) throws DatasetCatalogException;

  /** Where the catalog's tables live, for messages. */
  String location();

  /** Maps a declared layer onto the bounded label set. */
  static String layerLabel(String declared) {
    String layer = declared == null ? "" : declared.strip().toLowerCase(Locale.ROOT);
    return LAYERS.contains(layer) ? layer : OTHER_LAYER;
  }
}
