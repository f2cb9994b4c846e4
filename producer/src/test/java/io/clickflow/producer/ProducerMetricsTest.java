package io.clickflow.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickflow.producer.sink.EventSink;
import io.clickflow.producer.sink.InMemoryEventSink;
import io.clickflow.producer.sink.LandingPath;
import io.clickflow.producer.sink.SinkException;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
    assertThat(count(registry, "clickflow.producer.events.generated")).isZero();
    assertThat(registry.get("clickflow.producer.publish.failures").functionCounters())
        .extracting(counter -> counter.getId().getTag("reason"))
        .containsExactlyInAnyOrder(
            "authorization", "not_found", "throttled", "server_error", "network", "io", "invalid");
    assertThat(registry.get("clickflow.producer.queue.depth").gauge().value()).isZero();
    assertThat(registry.get("clickflow.producer.publish.duration").timer().count()).isZero();
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
    metrics.recordPublishFailure(SinkException.Reason.THROTTLED);
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
                .get("clickflow.producer.publish.failures")
                .tag("reason", "throttled")
                .functionCounter()
                .count())
        .isEqualTo(1);
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

    assertThat(count(registry, "clickflow.producer.events.generated")).isEqualTo(summary.events());
    assertThat(count(registry, "clickflow.producer.events")).isEqualTo(summary.lines());
    assertThat(summary.lines()).isGreaterThan(summary.events());
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

  @Test
  void publishLatencyAndQueueAreMeasuredOnTheInjectedClock() throws Exception {
    ManualClock clock = new ManualClock(TestClocks.NOW);
    InMemoryEventSink memory = new InMemoryEventSink();
    EventSink slow =
        new EventSink() {
          @Override
          public void publish(LandingPath path, byte[] content) {
            clock.advance(Duration.ofMillis(250));
            memory.publish(path, content);
          }

          @Override
          public long lastSequence(String producerId) {
            return 0;
          }

          @Override
          public String describe() {
            return "slow:";
          }
        };
    ProducerMetrics metrics = new ProducerMetrics();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    metrics.bindTo(registry);
    ProducerConfig config =
        ProducerConfig.defaults()
            .withEvents(2_000)
            .withBatchLimits(new BatchLimits(500, 1 << 20))
            .withMaxPendingFiles(3);
    new Producer(config, slow, clock, metrics, ProgressListener.NONE).run();

    Timer publish = registry.get("clickflow.producer.publish.duration").timer();
    assertThat(publish.count()).isEqualTo(4);
    assertThat(publish.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1_000);
    assertThat(publish.max(TimeUnit.MILLISECONDS)).isEqualTo(250);
    assertThat(registry.get("clickflow.producer.queue.capacity").gauge().value()).isEqualTo(3);
    assertThat(registry.get("clickflow.producer.queue.depth").gauge().value()).isZero();
    assertThat(registry.get("clickflow.producer.generators.waiting").gauge().value()).isZero();
  }

  @Test
  void aFailedPublishIsCountedByItsReason() {
    ProducerMetrics metrics = new ProducerMetrics();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    metrics.bindTo(registry);
    EventSink forbidden =
        new EventSink() {
          @Override
          public void publish(LandingPath path, byte[] content) throws SinkException {
            throw new SinkException(
                "publish " + path + " to test: 403",
                SinkException.Reason.AUTHORIZATION,
                false,
                null);
          }

          @Override
          public long lastSequence(String producerId) {
            return 0;
          }

          @Override
          public String describe() {
            return "test:";
          }
        };
    assertThatThrownBy(
            () ->
                new Producer(
                        ProducerConfig.defaults().withEvents(100),
                        forbidden,
                        TestClocks.fixed(),
                        metrics,
                        ProgressListener.NONE)
                    .run())
        .isInstanceOf(SinkException.class);

    assertThat(
            registry
                .get("clickflow.producer.publish.failures")
                .tag("reason", "authorization")
                .functionCounter()
                .count())
        .isEqualTo(1);
    assertThat(count(registry, "clickflow.producer.publish.errors")).isEqualTo(1);
    assertThat(count(registry, "clickflow.producer.events.generated")).isEqualTo(100);
    assertThat(count(registry, "clickflow.producer.events")).isZero();
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
        .contains("clickflow_producer_events_generated_total 0.0")
        .contains("clickflow_producer_publish_failures_total{reason=\"throttled\"} 0.0")
        .contains("clickflow_producer_publish_duration_seconds_bucket{le=")
        .contains("clickflow_producer_publish_duration_seconds_count 0")
        .contains("clickflow_producer_queue_depth 0.0")
        .contains("clickflow_producer_queue_capacity 0.0")
        .contains("clickflow_producer_generators_waiting 0.0")
        .contains("clickflow_producer_backpressure_seconds_total 0.0")
        .contains("clickflow_producer_injected_faults_total{fault=\"malformed\"} 0.0")
        .contains("clickflow_producer_injected_faults_total{fault=\"duplicate\"} 0.0");
  }
}
