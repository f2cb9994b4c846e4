package io.clickflow.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus on a free loopback port, with the project's rules and its scrape jobs pointed
 * at the given targets, evaluating and scraping every second. Its data lives in a test's temporary
 * folder and it stops when closed.
 */
public final class PrometheusServer implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusServer(Process process, Path log, URI base) {
    this.process = process;
    this.log = log;
    this.base = base;
  }

  /**
   * Starts Prometheus with {@code monitoring/prometheus/prometheus.yml}, its jobs' targets
   * replaced.
   *
   * @param targets address per job name; must name exactly the config's jobs
   */
  public static PrometheusServer start(Path binary, Path work, Map<String, String> targets)
      throws IOException {
    Path config = work.resolve("prometheus.yml");
    MonitoringFiles.YAML.writeValue(config.toFile(), configFor(targets));
    int port = freePort();
    Path log = work.resolve("prometheus.log");
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + work.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new PrometheusServer(process, log, URI.create("http://127.0.0.1:" + port));
  }

  private static JsonNode configFor(Map<String, String> targets) {
    ObjectNode config = (ObjectNode) MonitoringFiles.read(MonitoringFiles.prometheusConfig());
    ObjectNode global = (ObjectNode) config.get("global");
    global.put("scrape_interval", "1s");
    global.put("evaluation_interval", "1s");
    ArrayNode ruleFiles = config.putArray("rule_files");
    ruleFiles.add(MonitoringFiles.prometheusDir().resolve("rules").toAbsolutePath() + "/*.yml");
    TreeSet<String> jobs = new TreeSet<>();
    for (JsonNode job : config.get("scrape_configs")) {
      String name = job.get("job_name").asText();
      jobs.add(name);
      ArrayNode staticTargets = ((ObjectNode) job.get("static_configs").get(0)).putArray("targets");
      staticTargets.add(targets.getOrDefault(name, "unset-target:1"));
    }
    assertThat(jobs).as("jobs of prometheus.yml").isEqualTo(new TreeSet<>(targets.keySet()));
    return config;
  }

  /** The {@code data} of an HTTP API answer; fails when Prometheus reports an error. */
  public JsonNode api(String path) {
    assertThat(process.isAlive()).as("prometheus is running; its log:\n" + log()).isTrue();
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(base.resolve(path)).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = MonitoringFiles.JSON.readTree(response.body());
      assertThat(body.path("status").asText())
          .as(path + " -> " + response.body())
          .isEqualTo("success");
      return body.get("data");
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + base.resolve(path), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The instant vector an expression returns now. */
  public JsonNode query(String expr) {
    return api("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8))
        .get("result");
  }

  public String log() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
