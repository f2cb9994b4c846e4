package io.clickflow.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

  private final HttpClient client = HttpClient.newHttpClient();

  private HttpResponse<String> get(int port, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesTheProducerMetricsInPrometheusTextFormat() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ProducerMetrics metrics = new ProducerMetrics();
    metrics.bindTo(registry);
    metrics.recordPublished(3, 100);
    try (MetricsServer server = MetricsServer.start(0, registry)) {
      HttpResponse<String> metricsPage = get(server.port(), "/metrics");
      assertThat(metricsPage.statusCode()).isEqualTo(200);
      assertThat(metricsPage.headers().firstValue("Content-Type"))
          .hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(metricsPage.body()).contains("clickflow_producer_events_total 3.0");
      assertThat(get(server.port(), "/other").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void aBusyPortFailsWithAMessageNamingIt() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (MetricsServer first = MetricsServer.start(0, registry)) {
      assertThatIOException()
          .isThrownBy(() -> MetricsServer.start(first.port(), registry))
          .withMessageStartingWith("serve /metrics on port " + first.port() + ":");
    }
  }
}
