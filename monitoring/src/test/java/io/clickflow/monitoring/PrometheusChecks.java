package io.clickflow.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a running Prometheus must show for the project's files to be right: every target up, every
 * dashboard query with data, every recording rule with a series, every rule healthy. Shared by the
 * monitoring tests and the pipeline's end-to-end test, which publishes this module's test JAR.
 */
public final class PrometheusChecks {

  private PrometheusChecks() {}

  /** Every scrape target of the config is up. */
  public static void assertTargetsUp(PrometheusServer prometheus) {
    JsonNode targets = prometheus.api("/api/v1/targets?state=active").get("activeTargets");
    assertThat(targets).hasSize(2);
    targets.forEach(
        t ->
            assertThat(t.path("health").asText())
                .as(t.path("scrapeUrl").asText() + " " + t.path("lastError").asText())
                .isEqualTo("up"));
  }

  /** Panel queries with no series or only NaN, with what they returned. */
  public static Map<String, String> deadPanelQueries(PrometheusServer prometheus) {
    Map<String, String> dead = new LinkedHashMap<>();
    for (MonitoringFiles.PanelQuery query : MonitoringFiles.dashboardQueries()) {
      String expr = MonitoringFiles.withGrafanaVariables(query.expr());
      JsonNode result = prometheus.query(expr);
      boolean finite = false;
      for (JsonNode sample : result) {
        finite |= Double.isFinite(Double.parseDouble(sample.at("/value/1").asText()));
      }
      if (!finite) {
        dead.put(query.panel() + ": " + expr, result.toString());
      }
    }
    return dead;
  }

  /** Dashboard queries that return no series at all (NaN values still count as a series). */
  public static List<String> panelQueriesWithoutSeries(PrometheusServer prometheus) {
    List<String> empty = new ArrayList<>();
    for (MonitoringFiles.PanelQuery query : MonitoringFiles.dashboardQueries()) {
      String expr = MonitoringFiles.withGrafanaVariables(query.expr());
      if (prometheus.query(expr).isEmpty()) {
        empty.add(query.panel() + ": " + expr);
      }
    }
    return empty;
  }

  public static List<String> emptyRecordingRules(PrometheusServer prometheus) {
    return MonitoringFiles.recordingRules().stream()
        .map(r -> r.get("record").asText())
        .filter(name -> prometheus.query(name).isEmpty())
        .toList();
  }

  public static Map<String, String> unhealthyRules(PrometheusServer prometheus) {
    Map<String, String> unhealthy = new LinkedHashMap<>();
    int rules = 0;
    for (JsonNode group : prometheus.api("/api/v1/rules").get("groups")) {
      for (JsonNode rule : group.get("rules")) {
        rules++;
        if (!"ok".equals(rule.path("health").asText())) {
          unhealthy.put(rule.path("name").asText(), rule.path("lastError").asText());
        }
      }
    }
    if (rules != MonitoringFiles.rules().size()) {
      unhealthy.put("loaded rules", rules + " of " + MonitoringFiles.rules().size());
    }
    return unhealthy;
  }

  /** A counter's values keyed by dataset, expectation and, when present, action. */
  public static Map<String, Double> series(
      PrometheusServer prometheus, String metric, String label) {
    Map<String, Double> values = new HashMap<>();
    for (JsonNode sample : prometheus.query(metric)) {
      JsonNode labels = sample.get("metric");
      String key =
          labels.path("dataset").asText()
              + "/"
              + labels.path(label).asText()
              + (labels.has("action") ? "/" + labels.get("action").asText() : "");
      values.put(key, sample.at("/value/1").asDouble());
    }
    return values;
  }
}
