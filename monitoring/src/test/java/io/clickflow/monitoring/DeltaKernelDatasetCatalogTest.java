package io.clickflow.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickflow.contract.LakehouseLayout;
import io.delta.kernel.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeltaKernelDatasetCatalogTest extends DatasetCatalogContractTest {

  private static final Engine ENGINE = DeltaKernelEventLogSource.defaultEngine();

  @TempDir Path lakehouse;

  private LakehouseLayout layout() {
    return new LakehouseLayout(lakehouse.toString());
  }

  @Override
  Fixture newFixture() {
    DatasetTables tables = new DatasetTables(ENGINE, layout());
    DeltaKernelDatasetCatalog catalog = new DeltaKernelDatasetCatalog(ENGINE, layout());
    return new Fixture() {
      @Override
      public DatasetCatalog catalog() {
        return catalog;
      }

      @Override
      public void createTable(String dataset, String declaredLayer) {
        tables.create(dataset, declaredLayer);
      }

      @Override
      public void createQuarantine(String dataset) {
        tables.createQuarantine(dataset, "silver");
      }
    };
  }

  @Test
  void tableWithoutLayerPropertyReadsAsOther() throws Exception {
    new DatasetTables(ENGINE, layout()).create("dim_user", Map.of("scd_type", "2"));

    assertThat(new DeltaKernelDatasetCatalog(ENGINE, layout()).layer("dim_user"))
        .hasValue(DatasetCatalog.OTHER_LAYER);
  }

  @Test
  void unreadableDeltaLogFailsNamingTheTable() throws Exception {
    Path log = Files.createDirectories(Path.of(layout().table("fact_events"), "_delta_log"));
    Files.writeString(log.resolve("00000000000000000000.json"), "not json\n");

    assertThatThrownBy(() -> new DeltaKernelDatasetCatalog(ENGINE, layout()).layer("fact_events"))
        .isInstanceOf(DatasetCatalogException.class)
        .hasMessageStartingWith("read table metadata " + layout().table("fact_events") + ": ");
  }
}
