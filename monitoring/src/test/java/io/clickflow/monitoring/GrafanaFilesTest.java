package io.clickflow.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dashboard and its provisioning fit together, and every panel asks the chosen datasource. */
class GrafanaFilesTest {

  private final JsonNode dashboard = MonitoringFiles.read(MonitoringFiles.dashboard());
  private final JsonNode datasources =
      MonitoringFiles.read(
          MonitoringFiles.moduleDir().resolve("grafana/provisioning/datasources/prometheus.yml"));
  private final JsonNode providers =
      MonitoringFiles.read(
          MonitoringFiles.moduleDir().resolve("grafana/provisioning/dashboards/clickflow.yml"));

  @Test
  void dashboardHasAStableUidAndATemplatedPrometheusDatasource() {
    assertThat(dashboard.path("uid").asText()).isEqualTo("clickflow-overview");
    JsonNode variable = dashboard.at("/templating/list/0");
    assertThat(variable.path("name").asText()).isEqualTo("datasource");
    assertThat(variable.path("type").asText()).isEqualTo("datasource");
    assertThat(variable.path("query").asText()).isEqualTo("prometheus");
    assertThat(variable.at("/current/value").asText())
        .as("defaults to the provisioned datasource")
        .isEqualTo(datasources.at("/datasources/0/uid").asText());
  }

  @Test
  void provisionedDatasourceHasAFixedUid() {
    assertThat(datasources.at("/datasources/0/uid").asText()).isEqualTo("clickflow-prometheus");
    assertThat(datasources.at("/datasources/0/type").asText()).isEqualTo("prometheus");
  }

  @Test
  void dashboardProviderReadsFiles() {
    assertThat(providers.at("/providers/0/type").asText()).isEqualTo("file");
    assertThat(providers.at("/providers/0/options/path").asText())
        .isEqualTo("/var/lib/grafana/dashboards");
  }

  @Test
  void everyPanelAndQueryUsesTheDatasourceVariable() {
    List<JsonNode> panels =
        MonitoringFiles.allPanels(dashboard).stream()
            .filter(p -> !"row".equals(p.path("type").asText()))
            .toList();

    assertThat(panels)
        .isNotEmpty()
        .allSatisfy(
            panel -> {
              String title = panel.path("title").asText();
              assertThat(panel.at("/datasource/uid").asText()).as(title).isEqualTo("${datasource}");
              assertThat(panel.path("targets")).as(title + " queries").isNotEmpty();
              panel
                  .path("targets")
                  .forEach(
                      t ->
                          assertThat(t.at("/datasource/uid").asText())
                              .as(title)
                              .isEqualTo("${datasource}"));
            });
  }

  @Test
  void theIssuesPanelsAreAllThere() {
    assertThat(MonitoringFiles.allPanels(dashboard))
        .extracting(p -> p.path("title").asText())
        .contains(
            "Throughput per layer",
            "Freshness per dataset",
            "Expectation pass rate",
            "Dropped, quarantined, rescued, late and malformed rows",
            "End-to-end latency (Gold)",
            "Producer publish rate",
            "Producer publish errors and retries",
            "Last run state",
            "Last success")
        .doesNotHaveDuplicates();
  }
}
