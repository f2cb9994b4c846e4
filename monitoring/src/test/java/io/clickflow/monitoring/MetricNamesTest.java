package io.clickflow.monitoring;

import static io.clickflow.monitoring.FlowProgressFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.producer.MetricsServer;
import io.clickflow.producer.ProducerMetrics;
import io.clickflow.producer.sink.retry.PublishRetryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every metric an alert, a recording rule or a dashboard panel names is one the exporter or the
 * producer really exports, taken from a scrape of each over HTTP. A renamed metric fails here, not
 * in a dark dashboard.
 */
class MetricNamesTest {

  /** Series Prometheus itself adds to every target. */
  private static final Set<String> PROMETHEUS_SERIES = Set.of("up");

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static Set<String> exporterNames;
  private static Set<String> producerNames;

  @BeforeAll
  static void scrapeExporterAndProducer() throws Exception {
    InMemoryEventLogSource log = new InMemoryEventLogSource();
    log.append(PipelineRuns.run("run-1", T0, 0, 1_000));
    log.append(PipelineRuns.run("run-2", T0.plusSeconds(900), 1, 800));
    InMemoryDatasetCatalog catalog = new InMemoryDatasetCatalog();
    PipelineRuns.LAYERS.forEach(catalog::table);
    catalog.quarantine(PipelineRuns.QUARANTINED);
    PrometheusMeterRegistry exporterRegistry =
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PipelineMetrics metrics = new PipelineMetrics();
    metrics.bindTo(exporterRegistry);
    new MetricsRefresher(log, catalog, metrics, new MutableClock(T0), Duration.ZERO).refreshNow();
    try (ExporterServer exporter =
        ExporterServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), exporterRegistry)) {
      exporterNames = MonitoringFiles.exposedNames(get(exporter.metricsUri()));
    }

    PrometheusMeterRegistry producerRegistry =
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new ProducerMetrics().bindTo(producerRegistry);
    new PublishRetryMetrics().bindTo(producerRegistry);
    try (MetricsServer producer = MetricsServer.start(0, producerRegistry)) {
      producerNames =
          MonitoringFiles.exposedNames(
              get(URI.create("http://127.0.0.1:" + producer.port() + "/metrics")));
    }
  }

  @Test
  void scrapesSawBothComponents() {
    assertThat(exporterNames)
        .contains(
            "clickflow_expectation_passed_records_total",
            "clickflow_end_to_end_latency_seconds_bucket",
            "clickflow_quarantined_records_total",
            "clickflow_dataset_info",
            "clickflow_pipeline_last_run_state");
    assertThat(producerNames)
        .contains("clickflow_producer_events_total", "clickflow_producer_publish_retries_total");
  }

  @Test
  void everyNameInRulesAndDashboardIsExported() {
    Set<String> known = new HashSet<>(exporterNames);
    known.addAll(producerNames);
    known.addAll(PROMETHEUS_SERIES);
    MonitoringFiles.recordingRules().forEach(r -> known.add(r.get("record").asText()));
    Map<String, String> unknown = new TreeMap<>();
    List<String> expressions = new ArrayList<>();
    MonitoringFiles.rules().forEach(r -> expressions.add(r.get("expr").asText()));
    MonitoringFiles.dashboardQueries().forEach(q -> expressions.add(q.expr()));

    for (String expr : expressions) {
      for (String name : MonitoringFiles.metricNames(expr)) {
        if (!known.contains(name)) {
          unknown.put(name, expr.strip());
        }
      }
    }

    assertThat(expressions).hasSizeGreaterThan(30);
    assertThat(unknown)
        .as("metric names no component exports, with an expression naming each")
        .isEmpty();
  }

  @Test
  void nameExtractionSkipsFunctionsLabelsAndDurations() {
    assertThat(
            MonitoringFiles.metricNames(
                "histogram_quantile(0.99, sum by (le) (rate(a_bucket{job=\"x\"}[5m])))"
                    + " / on (job, instance) group_left (layer) b_info"
                    + " > 2 * 1e3 and time() - c:d:e offset 5m"))
        .containsExactlyInAnyOrder("a_bucket", "b_info", "c:d:e");
  }

  private static String get(URI uri) throws Exception {
    HttpResponse<String> response =
        HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(uri.toString()).isEqualTo(200);
    return response.body();
  }
}
