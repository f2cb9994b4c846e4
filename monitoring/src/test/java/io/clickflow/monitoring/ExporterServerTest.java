package io.clickflow.monitoring;

import static io.clickflow.monitoring.FlowProgressFixtures.T0;
import static io.clickflow.monitoring.FlowProgressFixtures.flow;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExporterServerTest {

  private final InMemoryEventLogSource source = new InMemoryEventLogSource();
  private final MutableClock clock = new MutableClock(T0);
  private final HttpClient http = HttpClient.newHttpClient();
  private MetricsRefresher refresher;
  private ExporterServer server;

  @BeforeEach
  void start() throws IOException {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PipelineMetrics metrics = new PipelineMetrics();
    metrics.bindTo(registry);
    refresher = new MetricsRefresher(source, metrics, clock, Duration.ofSeconds(5));
    server =
        ExporterServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void metricsServeTheEventLogInPrometheusTextFormat() throws Exception {
    source.append(List.of(flow("silver_events").rows(10, 9).build()));
    refresher.refreshNow();

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body())
        .contains("clickflow_flow_output_rows_total{dataset=\"silver_events\"} 9.0")
        .contains("clickflow_exporter_up 1.0");
  }

  @Test
  void scrapesServeTheLastReadAndNeverReadTheLogThemselves() throws Exception {
    refresher.refreshNow();
    source.append(List.of(flow("silver_events").rows(10, 9).build()));
    clock.advance(Duration.ofMinutes(1));

    assertThat(get("/metrics").body()).doesNotContain("clickflow_flow_output_rows_total");
    assertThat(get("/metrics").body()).doesNotContain("clickflow_flow_output_rows_total");
    assertThat(source.reads()).isEqualTo(1);

    refresher.refreshIfDue();
    assertThat(get("/metrics").body()).contains("clickflow_flow_output_rows_total");
  }

  @Test
  void healthzAnswersOk() throws Exception {
    HttpResponse<String> response = get("/healthz");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok\n");
    assertThat(source.reads()).isZero();
  }

  @Test
  void onlyGetAndHeadAreAllowed() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri("/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void unknownPathsAreNotFound() throws Exception {
    assertThat(get("/metrics/extra").statusCode()).isEqualTo(404);
    assertThat(get("/").statusCode()).isEqualTo(404);
  }

  @Test
  void reportsTheBoundPortAndUri() {
    assertThat(server.port()).isPositive();
    assertThat(server.metricsUri()).hasToString("http://127.0.0.1:" + server.port() + "/metrics");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }
}
