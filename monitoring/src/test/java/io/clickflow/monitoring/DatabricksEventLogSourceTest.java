package io.clickflow.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.monitoring.databricks.DatabricksSources;
import io.clickflow.monitoring.databricks.DatabricksTarget;
import io.clickflow.monitoring.databricks.LocalDatabricks;
import io.clickflow.monitoring.databricks.WarehouseSchema;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The event log contract, met by the Databricks source through the real SDK against a local server
 * whose warehouse holds the same rows as the in-memory fixture.
 */
class DatabricksEventLogSourceTest extends EventLogSourceContractTest {

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

  @Override
  Fixture newFixture() {
    WarehouseSchema schema = new WarehouseSchema(TARGET.catalog(), TARGET.schema());
    api.warehouse(schema);
    EventLogSource source =
        new DatabricksSources(api.workspace(), TARGET, Clock.systemUTC(), duration -> {})
            .eventLog();
    return new Fixture() {
      @Override
      public EventLogSource source() {
        return source;
      }

      @Override
      public void append(List<FlowProgress> rows) {
        schema.append(rows);
      }
    };
  }

  @Test
  void locationNamesTheTableTheWarehouseAndTheWorkspace() {
    assertThat(newFixture().source().location())
        .isEqualTo(
            "clickflow_test.clickstream.event_log on SQL warehouse wh-local at " + api.url());
  }

  @Test
  void everyStatementRunsInTheTargetCatalogAndSchemaOnTheWarehouse() throws Exception {
    Fixture fixture = newFixture();
    fixture.append(List.of(BRONZE));

    fixture.source().readAll();

    assertThat(api.statements())
        .hasSize(2)
        .allSatisfy(
            statement -> {
              assertThat(statement.warehouseId()).isEqualTo("wh-local");
              assertThat(statement.catalog()).isEqualTo("clickflow_test");
              assertThat(statement.schema()).isEqualTo("clickstream");
              assertThat(statement.parameter("table")).isEqualTo("`event_log`");
            });
    assertThat(api.apiRequests())
        .allSatisfy(
            r -> assertThat(r.authorization()).isEqualTo("Bearer " + LocalDatabricks.TOKEN));
  }
}
