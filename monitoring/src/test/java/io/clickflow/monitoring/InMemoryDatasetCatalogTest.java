package io.clickflow.monitoring;

class InMemoryDatasetCatalogTest extends DatasetCatalogContractTest {

  @Override
  Fixture newFixture() {
    InMemoryDatasetCatalog catalog = new InMemoryDatasetCatalog();
    return new Fixture() {
      @Override
      public DatasetCatalog catalog() {
        return catalog;
      }

      @Override
      public void createTable(String dataset, String declaredLayer) {
        catalog.table(dataset, declaredLayer);
      }

      @Override
      public void createQuarantine(String dataset) {
        catalog.quarantine(dataset);
      }
    };
  }
}
