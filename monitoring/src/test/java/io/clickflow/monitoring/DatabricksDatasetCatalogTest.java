package io.clickflow.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickflow.monitoring.databricks.DatabricksSources;
import io.clickflow.monitoring.databricks.DatabricksTarget;
import io.clickflow.monitoring.databricks.LocalDatabricks;
import io.clickflow.monitoring.databricks.LocalDatabricks.Answer;
import io.clickflow.monitoring.databricks.WarehouseSchema;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The catalog contract, met by the Databricks catalog through the real SDK and a local server. */
class DatabricksDatasetCatalogTest extends DatasetCatalogContractTest {

  private static final DatabricksTarget TARGET =
      DatabricksTarget.byJobId("wh-local", "clickflow_test", "clickstream", 11, Optional.empty());

  private LocalDatabricks api;

  @BeforeEach
  void start() {
    api = LocalDatabricks.start();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private DatasetCatalog catalog() {
    return new DatabricksSources(api.workspace(), TARGET, Clock.systemUTC(), duration -> {})
        .catalog();
  }

  @Override
  Fixture newFixture() {
    WarehouseSchema schema = new WarehouseSchema(TARGET.catalog(), TARGET.schema());
    api.warehouse(schema);
    DatasetCatalog catalog = catalog();
    return new Fixture() {
      @Override
      public DatasetCatalog catalog() {
        return catalog;
      }

      @Override
      public void createTable(String dataset, String declaredLayer) {
        schema.createDataset(dataset, declaredLayer);
      }

      @Override
      public void createQuarantine(String dataset) {
        schema.createTable(dataset + "_quarantine", Map.of("quality", "silver"));
      }
    };
  }

  @Test
  void asksForTheQuarantineTableByItsConventionalName() throws Exception {
    newFixture().catalog().hasQuarantine("silver_events");

    assertThat(api.statements())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.sql()).isEqualTo("SHOW TBLPROPERTIES IDENTIFIER(:table)");
              assertThat(s.parameter("table")).isEqualTo("`silver_events_quarantine`");
            });
  }

  @Test
  void aFailedLookupNamesTheTableAndTheWarehouse() {
    api.warehouse(
        statement ->
            Answer.failed(
                "BAD_REQUEST",
                "[INSUFFICIENT_PERMISSIONS] User does not have SELECT on table",
                "42501"));

    assertThatThrownBy(() -> catalog().layer("fact_events"))
        .isInstanceOf(DatasetCatalogException.class)
        .hasMessageStartingWith(
            "read table metadata clickflow_test.clickstream.fact_events on SQL warehouse wh-local:"
                + " statement stmt-1 FAILED: BAD_REQUEST: [INSUFFICIENT_PERMISSIONS] User does not have"
                + " SELECT on table (SQLSTATE 42501)");
  }
}
