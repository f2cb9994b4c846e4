package io.clickflow.monitoring;

import java.util.Optional;

/** A catalog where every method a test does not override fails loudly. */
class StrictDatasetCatalog implements DatasetCatalog {

  @Override
  public Optional<String> layer(String dataset) throws DatasetCatalogException {
    throw new UnsupportedOperationException("layer not expected in this test");
  }

  @Override
  public boolean hasQuarantine(String dataset) throws DatasetCatalogException {
    throw new UnsupportedOperationException("hasQuarantine not expected in this test");
  }

  @Override
  public String location() {
    return "strict:catalog";
  }
}
