package io.clickflow.monitoring.databricks;

import io.clickflow.contract.TableConventions;
import io.clickflow.monitoring.DatasetCatalog;
import io.clickflow.monitoring.DatasetCatalogException;
import io.clickflow.monitoring.databricks.SqlWarehouse.Parameter;
import io.clickflow.monitoring.databricks.SqlWarehouse.Result;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the dataset tables' properties in Unity Catalog with {@code SHOW TBLPROPERTIES} on a SQL
 * warehouse: the layer a table declares, and whether a quarantine table exists. A table that does
 * not exist yet is not an error; the pipeline creates it with its first write.
 */
public final class DatabricksDatasetCatalog implements DatasetCatalog {

  private static final String TABLE = "table";
  private static final String KEY_COLUMN = "key";
  private static final String VALUE_COLUMN = "value";

  static final String PROPERTIES_SQL = "SHOW TBLPROPERTIES IDENTIFIER(:" + TABLE + ")";

  private final SqlWarehouse warehouse;
  private final DatabricksTarget target;
  private final String location;

  DatabricksDatasetCatalog(SqlWarehouse warehouse, DatabricksTarget target, String location) {
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
    this.target = Objects.requireNonNull(target, "target");
    this.location = Objects.requireNonNull(location, "location");
  }

  @Override
  public Optional<String> layer(String dataset) throws DatasetCatalogException {
    return properties(dataset)
        .map(p -> DatasetCatalog.layerLabel(p.get(TableConventions.QUALITY_PROPERTY)));
  }

  @Override
  public boolean hasQuarantine(String dataset) throws DatasetCatalogException {
    return properties(TableConventions.quarantineOf(dataset)).isPresent();
  }

  @Override
  public String location() {
    return location;
  }

  private Optional<Map<String, String>> properties(String table) throws DatasetCatalogException {
    String where = target.qualified(table) + " on SQL warehouse " + warehouse.warehouseId();
    Result result;
    try {
      result =
          warehouse.query(
              PROPERTIES_SQL,
              List.of(Parameter.string(TABLE, DatabricksEventLogSource.quoted(table))),
              null);
    } catch (SqlStatementException e) {
      if (e.tableNotFound()) {
        return Optional.empty();
      }
      throw new DatasetCatalogException(where, e.getMessage(), e);
    }
    int key = result.column(KEY_COLUMN);
    int value = result.column(VALUE_COLUMN);
    if (key < 0 || value < 0) {
      throw new DatasetCatalogException(
          where, "expected columns key and value, got " + result.columns(), null);
    }
    Map<String, String> properties = new HashMap<>();
    for (List<String> row : result.rows()) {
      if (row.size() > Math.max(key, value) && row.get(key) != null) {
        properties.put(row.get(key), row.get(value));
      }
    }
    return Optional.of(properties);
  }
}
