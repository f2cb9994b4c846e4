package io.clickflow.monitoring;

import static io.clickflow.monitoring.FlowProgressFixtures.T0;
import static io.clickflow.monitoring.FlowProgressFixtures.expectation;
import static io.clickflow.monitoring.FlowProgressFixtures.flow;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The names dashboards and alert rules query: Prometheus conventions, not Micrometer's. */
class PrometheusExpositionTest {

  @Test
  void exposesLayersQuarantinesRunStateAndLatencyInPrometheusShape() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PipelineMetrics metrics = new PipelineMetrics();
    metrics.bindTo(registry);
    metrics.onReadSucceeded(
        List.of(
            flow("silver_events").at(T0).rows(100, 90).dropped(10).build(),
            flow("fact_events")
                .at(T0.plusSeconds(60))
                .rows(90, 90)
                .maxEventTime(T0.plusSeconds(20))
                .build()),
        Map.of(
            "silver_events", new DatasetFacts(Optional.of("silver"), true),
            "fact_events", new DatasetFacts(Optional.of("gold"), false)));

    String text = registry.scrape();

    assertThat(text)
        .contains(
            "clickflow_dataset_info{dataset=\"fact_events\",layer=\"gold\"} 1",
            "clickflow_dataset_info{dataset=\"silver_events\",layer=\"silver\"} 1",
            "clickflow_quarantined_records_total{dataset=\"silver_events\"} 10.0",
            "clickflow_pipeline_last_run_state{state=\"succeeded\"} 1",
            "clickflow_pipeline_last_run_state{state=\"failed\"} 0",
            "# TYPE clickflow_end_to_end_latency_seconds histogram",
            "clickflow_end_to_end_latency_seconds_bucket{dataset=\"fact_events\",le=\"30.0\"} 0",
            "clickflow_end_to_end_latency_seconds_bucket{dataset=\"fact_events\",le=\"60.0\"} 1",
            "clickflow_end_to_end_latency_seconds_bucket{dataset=\"fact_events\",le=\"+Inf\"} 1",
            "clickflow_end_to_end_latency_seconds_count{dataset=\"fact_events\"} 1",
            "clickflow_end_to_end_latency_seconds_sum{dataset=\"fact_events\"} 40.0");
  }

  @Test
  void exposesTheDocumentedSeriesNames() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PipelineMetrics metrics = new PipelineMetrics();
    metrics.bindTo(registry);
    metrics.onReadSucceeded(
        List.of(
            flow("silver_events")
                .at(T0)
                .rows(100, 90)
                .durationMs(1_250)
                .dropped(10)
                .late(3)
                .rescued(2)
                .corrupt(1)
                .expectations(expectation("silver_events", "valid_event_id", "DROP", 90, 10))
                .maxEventTime(T0.minusSeconds(5))
                .build()));

    // Doubles print Java-style (1.7953524E9), which Prometheus parses.
    String text = registry.scrape();

    assertThat(text)
        .contains(
            "clickflow_expectation_passed_records_total{dataset=\"silver_events\",expectation=\"valid_event_id\"} 90.0",
            "clickflow_expectation_failed_records_total{action=\"DROP\",dataset=\"silver_events\",expectation=\"valid_event_id\"} 10.0",
            "clickflow_dropped_records_total{dataset=\"silver_events\"} 10.0",
            "clickflow_flow_input_rows_total{dataset=\"silver_events\"} 100.0",
            "clickflow_flow_output_rows_total{dataset=\"silver_events\"} 90.0",
            "clickflow_flow_batch_duration_seconds{dataset=\"silver_events\"} 1.25",
            "clickflow_dataset_last_event_timestamp_seconds{dataset=\"silver_events\"} "
                + (double) T0.minusSeconds(5).getEpochSecond(),
            "clickflow_late_events_total{dataset=\"silver_events\"} 3.0",
            "clickflow_rescued_records_total{dataset=\"silver_events\"} 2.0",
            "clickflow_corrupt_records_total{dataset=\"silver_events\"} 1.0",
            "clickflow_pipeline_last_success_timestamp_seconds " + (double) T0.getEpochSecond(),
            "clickflow_exporter_up 1.0",
            "clickflow_exporter_errors_total 0.0",
            "# TYPE clickflow_expectation_failed_records_total counter",
            "# TYPE clickflow_dataset_last_event_timestamp_seconds gauge");
  }
}
