package io.clickflow.producer.sink.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.producer.sink.SinkException.Reason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class PublishRetryMetricsTest {

  @Test
  void everySeriesExistsAtZeroBeforeTheFirstAttempt() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new PublishRetryMetrics().bindTo(registry);

    assertThat(registry.get("clickflow.producer.publish.retries").functionCounter().count())
        .isZero();
    assertThat(registry.get("clickflow.producer.publish.attempts").functionCounters())
        .hasSize(1 + 2 * Reason.values().length)
        .allSatisfy(counter -> assertThat(counter.count()).isZero());
  }

  @Test
  void countsRetriesAndAttemptsByOutcomeAndReason() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PublishRetryMetrics metrics = new PublishRetryMetrics();
    metrics.bindTo(registry);

    metrics.recordRetry(Reason.THROTTLED);
    metrics.recordRetry(Reason.THROTTLED);
    metrics.recordRetry(Reason.NETWORK);
    metrics.recordSuccess();
    metrics.recordFailure(Reason.AUTHORIZATION);

    assertThat(registry.get("clickflow.producer.publish.retries").functionCounter().count())
        .isEqualTo(3);
    assertThat(attempts(registry, "retried", "throttled")).isEqualTo(2);
    assertThat(attempts(registry, "retried", "network")).isEqualTo(1);
    assertThat(attempts(registry, "success", "none")).isEqualTo(1);
    assertThat(attempts(registry, "failed", "authorization")).isEqualTo(1);
    assertThat(attempts(registry, "failed", "throttled")).isZero();
  }

  @Test
  void prometheusNamesFollowTheConventions() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PublishRetryMetrics metrics = new PublishRetryMetrics();
    metrics.bindTo(registry);
    metrics.recordRetry(Reason.SERVER_ERROR);

    assertThat(registry.scrape())
        .contains("clickflow_producer_publish_retries_total 1.0")
        .contains(
            "clickflow_producer_publish_attempts_total{outcome=\"retried\",reason=\"server_error\"}"
                + " 1.0");
  }

  private static double attempts(SimpleMeterRegistry registry, String outcome, String reason) {
    return registry
        .get("clickflow.producer.publish.attempts")
        .tag("outcome", outcome)
        .tag("reason", reason)
        .functionCounter()
        .count();
  }
}
