package io.clickflow.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LakehouseLayoutTest {

  @Test
  void tablesAndCheckpointsLiveUnderTheRoot() {
    LakehouseLayout layout = new LakehouseLayout("/data/lake/");
    assertThat(layout.table("silver_events")).isEqualTo("/data/lake/tables/silver_events");
    assertThat(layout.checkpoint("bronze_events"))
        .isEqualTo("/data/lake/checkpoints/bronze_events");
    assertThat(layout.isLocal()).isTrue();
    assertThat(new LakehouseLayout("abfss://lake@acct.dfs.core.windows.net/x").isLocal()).isFalse();
  }

  @Test
  void blankRootIsRejected() {
    assertThatThrownBy(() -> new LakehouseLayout(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lakehouse root");
  }

  @Test
  void schemaResourceIsOnTheClasspath() {
    assertThat(EventContract.schemaJson()).contains("\"event_id\"", "\"event_time\"");
  }
}
