package io.clickflow.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What every {@link DatasetCatalog} must do, run against the in-memory fake and the Delta Kernel
 * catalog alike.
 */
abstract class DatasetCatalogContractTest {

  /** A catalog plus a way to create tables in it, as the pipeline would. */
  interface Fixture {
    DatasetCatalog catalog();

    void createTable(String dataset, String declaredLayer);

    void createQuarantine(String dataset);
  }

  abstract Fixture newFixture();

  @Test
  void datasetWithoutTableHasNoLayerYet() throws Exception {
    assertThat(newFixture().catalog().layer("fact_events")).isEmpty();
  }

  @Test
  void layerIsTheDeclaredOne() throws Exception {
    Fixture fixture = newFixture();
    fixture.createTable("bronze_events", "bronze");
    fixture.createTable("silver_events", "silver");
    fixture.createTable("fact_events", "gold");

    assertThat(fixture.catalog().layer("bronze_events")).hasValue("bronze");
    assertThat(fixture.catalog().layer("silver_events")).hasValue("silver");
    assertThat(fixture.catalog().layer("fact_events")).hasValue("gold");
  }

  @Test
  void undeclaredOrUnknownLayerReadsAsOther() throws Exception {
    Fixture fixture = newFixture();
    fixture.createTable("scratch", "platinum");

    assertThat(fixture.catalog().layer("scratch")).hasValue(DatasetCatalog.OTHER_LAYER);
  }

  @Test
  void quarantineExistsOnceItsTableDoes() throws Exception {
    Fixture fixture = newFixture();
    fixture.createTable("silver_events", "silver");
    assertThat(fixture.catalog().hasQuarantine("silver_events")).isFalse();

    fixture.createQuarantine("silver_events");

    assertThat(fixture.catalog().hasQuarantine("silver_events")).isTrue();
    assertThat(fixture.catalog().hasQuarantine("fact_events")).isFalse();
  }

  @Test
  void namesItsLocation() {
    assertThat(newFixture().catalog().location()).isNotBlank();
  }
}
