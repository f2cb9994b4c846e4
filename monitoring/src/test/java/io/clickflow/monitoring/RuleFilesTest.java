package io.clickflow.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Conventions of the rule files that promtool does not check. */
class RuleFilesTest {

  @Test
  void theIssuesAlertsAreAllThere() {
    assertThat(MonitoringFiles.alertingRules())
        .extracting(r -> r.get("alert").asText())
        .contains(
            "ClickflowGoldFreshnessSLOBreached",
            "ClickflowExpectationFailureRatioHigh",
            "ClickflowExpectationFailTriggered",
            "ClickflowPipelineRunFailed",
            "ClickflowPipelineNoRecentSuccess",
            "ClickflowProducerPublishErrors",
            "ClickflowProducerPublishRetriesSpiking",
            "ClickflowProducerStalled",
            "ClickflowLateEventsSpike",
            "ClickflowRescuedDataSpike")
        .doesNotHaveDuplicates();
  }

  @Test
  void recordingRulesAreNamedLevelMetricOperations() {
    assertThat(MonitoringFiles.recordingRules())
        .extracting(r -> r.get("record").asText())
        .isNotEmpty()
        .allMatch(name -> name.matches("[a-z_]+:[a-z0-9_]+:[a-z0-9_]+"), "level:metric:operations")
        .doesNotHaveDuplicates();
  }

  @Test
  void everyAlertHasASeveritySummaryAndARunbookSectionThatExists() throws IOException {
    Set<String> anchors = runbookAnchors();

    assertThat(MonitoringFiles.alertingRules())
        .isNotEmpty()
        .allSatisfy(
            rule -> {
              String alert = rule.get("alert").asText();
              assertThat(rule.at("/labels/severity").asText())
                  .as(alert + " severity")
                  .isIn("warning", "critical");
              assertThat(rule.at("/annotations/summary").asText())
                  .as(alert + " summary")
                  .isNotBlank();
              String runbook = rule.at("/annotations/runbook").asText();
              assertThat(runbook).as(alert + " runbook").startsWith("monitoring/RUNBOOKS.md#");
              assertThat(anchors)
                  .as(alert + " runbook section")
                  .contains(runbook.substring(runbook.indexOf('#') + 1));
            });
  }

  @Test
  void everyAlertIsTestedFiringAndNotFiring() {
    Set<String> firing = new HashSet<>();
    Set<String> quiet = new HashSet<>();
    for (var file : MonitoringFiles.ruleTestFiles()) {
      for (JsonNode test : MonitoringFiles.read(file).path("tests")) {
        for (JsonNode check : test.path("alert_rule_test")) {
          String alert = check.get("alertname").asText();
          (check.path("exp_alerts").isEmpty() ? quiet : firing).add(alert);
        }
      }
    }
    List<String> alerts =
        MonitoringFiles.alertingRules().stream().map(r -> r.get("alert").asText()).toList();

    assertThat(firing).as("alerts tested firing").containsAll(alerts);
    assertThat(quiet).as("alerts tested not firing").containsAll(alerts);
  }

  /** GitHub's anchors for the Markdown headings of the runbooks. */
  private static Set<String> runbookAnchors() throws IOException {
    return Files.readAllLines(MonitoringFiles.runbooks()).stream()
        .filter(line -> line.startsWith("## "))
        .map(
            line ->
                line.substring(3)
                    .strip()
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z0-9 -]", "")
                    .replace(' ', '-'))
        .collect(Collectors.toSet());
  }
}
