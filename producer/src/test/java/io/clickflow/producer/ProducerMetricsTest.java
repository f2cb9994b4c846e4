package io.clickflow.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.producer.sink.InMemoryEventSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProducerMetricsTest {

  private static double count(SimpleMeterRegistry registry, String name) {
    return registry.get(name).functionCounter().count();
  }

  @Test
  void countersStartAtZeroWithOneSeriesPerFaultKind() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new ProducerMetrics().bindTo(registry);

    assertThat(count(registry, "clickflow.producer.events")).isZero();
    assertThat(count(registry, "clickflow.producer.files.published")).isZero();
    assertThat(count(registry, "clickflow.producer.bytes")).isZero();
    assertThat(count(registry, "clickflow.producer.publish.errors")).isZero();
    assertThat(registry.get("clickflow.producer.injected.faults").functionCounters())
        .extracting(counter -> counter.getId().getTag("fault"))
        .containsExactlyInAnyOrder(
            "malformed", "unknown_field", "type_mismatch", "case_mismatch", "late", "duplicate");
  }

  @Test
  void recordsWhatItIsToldEvenBeforeBinding() {
    ProducerMetrics metrics = new ProducerMetrics();
    metrics.recordPublished(5_000, 4_200_000);
    metrics.recordPublished(10, 9_000);
    metrics.recordPublishError();
    metrics.recordFault(Fault.LATE);
    metrics.recordFault(Fault.LATE);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    metrics.bindTo(registry);

    assertThat(count(registry, "clickflow.producer.events")).isEqualTo(5_010);
    assertThat(count(registry, "clickflow.producer.files.published")).isEqualTo(2);
    assertThat(count(registry, "clickflow.producer.bytes")).isEqualTo(4_209_000);
    assertThat(count(registry, "clickflow.producer.publish.errors")).isEqualTo(1);
    assertThat(
            registry
                .get("clickflow.producer.injected.faults")
                .tag("fault", "late")
                .functionCounter()
                .count())
        .isEqualTo(2);
  }

  @Test
  void aRunsMetricsAgreeWithItsSummary() throws Exception {
    ProducerMetrics metrics = new ProducerMetrics();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    metrics.bindTo(registry);
    ProducerConfig config =
        ProducerConfig.defaults()
            .withEvents(2_000)
            .withFaults(new FaultRates(0.02, 0, 0, 0, 0, Duration.ofHours(1), 0.02));
    ProducerSummary summary =
        new Producer(
                config, new InMemoryEventSink(), TestClocks.fixed(), metrics, ProgressListener.NONE)
            .run();

    assertThat(count(registry, "clickflow.producer.events")).isEqualTo(summary.lines());
    assertThat(count(registry, "clickflow.producer.files.published"))
        .isEqualTo(summary.files().size());
    assertThat(count(registry, "clickflow.producer.bytes")).isEqualTo(summary.bytes());
    for (Fault fault : Fault.values()) {
      assertThat(
              registry
                  .get("clickflow.producer.injected.faults")
                  .tag("fault", fault.label())
                  .functionCounter()
                  .count())
          .isEqualTo(summary.faultCount(fault));
    }
  }

  /** The names monitoring's dashboards and alert rules rely on. */
  @Test
  void prometheusNamesFollowTheConventions() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new ProducerMetrics().bindTo(registry);

    assertThat(registry.scrape())
        .contains("clickflow_producer_events_total 0.0")
        .contains("clickflow_producer_files_published_total 0.0")
        .contains("clickflow_producer_bytes_total 0.0")
        .contains("clickflow_producer_publish_errors_total 0.0")
        .contains("clickflow_producer_injected_faults_total{fault=\"malformed\"} 0.0")
        .contains("clickflow_producer_injected_faults_total{fault=\"duplicate\"} 0.0");
  }
}
