package io.clickflow.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickflow.pipeline.runtime.FlowProgressRecord;
import io.clickflow.pipeline.runtime.TableStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spine, as a user runs it: the producer's build writes landing files with injected faults, the
 * pipeline turns them into Bronze, Silver and Gold, and the exporter's build serves the counts on
 * /metrics. The expected numbers are computed from the landing files themselves.
 */
class EndToEndTest {

  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SparkSession spark = SharedSpark.session();

  @TempDir Path dir;

  @Test
  void producedEventsFlowThroughEveryLayerAndIntoMetrics() throws Exception {
    Path landing = dir.resolve("landing");
    Process producer =
        start(
            "producer",
            "io.clickflow.producer.ProducerCli",
            "--sink",
            "local:" + landing,
            "--events",
            "5000",
            "--seed",
            "11",
            "--malformed-rate",
            "0.01",
            "--unknown-field-rate",
            "0.01",
            "--type-mismatch-rate",
            "0.01",
            "--case-mismatch-rate",
            "0.01",
            "--duplicate-rate",
            "0.01");
    String producerOutput =
        new String(producer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(producer.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(producer.exitValue()).as(producerOutput).isZero();
    Landed landed = Landed.read(landing);
    assertThat(landed.lines).isGreaterThan(5000);
    assertThat(landed.emails).isNotEmpty();

    PipelineHarness pipeline = new PipelineHarness(landing, dir.resolve("lake"), 0);
    List<FlowProgressRecord> records = pipeline.runOnce();
    TableStore store = pipeline.store();

    assertThat(store.read("bronze_events").count())
        .as("Bronze rows = lines produced")
        .isEqualTo(landed.lines);
    long late = records.stream().mapToLong(FlowProgressRecord::lateRecords).sum();
    assertThat(store.read("silver_events").count())
        .as("Silver rows = distinct valid event ids, less those behind the watermark")
        .isEqualTo(landed.validIds.size() - late);
    assertThat(
            store
                .read("dim_user")
                .filter(col("is_current"))
                .groupBy("user_id")
                .count()
                .filter("count <> 1")
                .count())
        .as("users without exactly one current dim_user row")
        .isZero();
    assertThat(store.read("dim_user").select("user_id").distinct().count())
        .isEqualTo(
            store
                .read("silver_events")
                .filter(col("user_id").isNotNull())
                .select("user_id")
                .distinct()
                .count());
    for (String table :
        List.of(
            "silver_events",
            "silver_events_quarantine",
            "dim_user",
            "fact_events",
            "mv_daily_active_users")) {
      assertThat(PipelineHarness.columnsContaining(store.read(table), landed.emails))
          .as("raw emails in " + table)
          .isEmpty();
    }

    String metrics = scrapeExporter(dir.resolve("lake"));
    long silverRows = store.read("silver_events").count();
    assertThat(metrics)
        .contains(
            "clickflow_expectation_passed_records_total{dataset=\"silver_events\",expectation=\"valid_event_id\"} "
                + (double) silverRows)
        .contains(
            "clickflow_expectation_failed_records_total{action=\"DROP\",dataset=\"silver_events\"")
        .contains("clickflow_dataset_last_event_timestamp_seconds{dataset=\"fact_events\"}");
  }

  private String scrapeExporter(Path lakehouse) throws Exception {
    Process exporter =
        start(
            "monitoring",
            "io.clickflow.monitoring.MonitorCli",
            "--lakehouse",
            lakehouse.toString(),
            "--port",
            "0");
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(exporter.getInputStream(), StandardCharsets.UTF_8));
      Matcher serving = null;
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        serving = Pattern.compile("serving (http://\\S+/metrics)").matcher(line);
        if (serving.find()) {
          break;
        }
      }
      assertThat(serving).as("the exporter announced its address").isNotNull();
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(serving.group(1)))
                      .timeout(Duration.ofSeconds(30))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    } finally {
      exporter.destroy();
      exporter.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static Process start(String module, String mainClass, String... args) throws IOException {
    return ModuleProcess.of(module, mainClass, args)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  /** What the landing files hold, computed without Spark. */
  private record Landed(long lines, Set<String> validIds, Set<String> emails) {
    static Landed read(Path landing) throws IOException {
      long lines = 0;
      Set<String> ids = new HashSet<>();
      Set<String> emails = new HashSet<>();
      List<Path> files;
      try (Stream<Path> walk = Files.walk(landing)) {
        files = walk.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
      }
      for (Path file : files) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (line.isBlank()) {
            continue;
          }
          lines++;
          JsonNode event;
          try {
            event = JSON.readTree(line);
          } catch (IOException notJson) {
            continue;
          }
          JsonNode email = event.path("user").path("email");
          if (email.isTextual()) {
            emails.add(email.textValue().trim().toLowerCase());
          }
          JsonNode id = event.path("event_id");
          JsonNode time = event.path("event_time");
          if (id.isTextual()
              && UUID.matcher(id.textValue()).matches()
              && time.isTextual()
              && parses(time.textValue())) {
            ids.add(id.textValue());
          }
        }
      }
      return new Landed(lines, ids, emails);
    }

    private static boolean parses(String time) {
      try {
        Instant.parse(time);
        return true;
      } catch (RuntimeException e) {
        return false;
      }
    }
  }
}
