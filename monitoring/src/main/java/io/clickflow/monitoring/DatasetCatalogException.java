package io.clickflow.monitoring;

/**
 * A dataset's table metadata could not be read. The message names the table and what failed. The
 * exporter treats the dataset as not yet described and asks again later, since storage may only be
 * briefly unavailable.
 */
public final class DatasetCatalogException extends Exception {

  public DatasetCatalogException(String table, String problem, Throwable cause) {
    super("read table metadata " + table + ": " + problem, cause);
  }
}
