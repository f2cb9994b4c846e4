package io.clickflow.producer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The producer as a process of its own (started from this test's class path), stopped the two ways
 * a process is stopped.
 */
class ProducerProcessTest {

  private static final Pattern PUBLISHED =
      Pattern.compile("produce: published (\\d+) events in (\\d+) files; .*");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  /** A slow live run: 25-line files at 50 events/s, so a file lands every half second. */
  private Process start(Path landing) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            "io.clickflow.producer.ProducerCli",
            "--sink",
            "local:" + landing,
            "--rate",
            "50",
            "--max-events-per-file",
            "25",
            "--progress-interval",
            "0s",
            "--seed",
            "5")
        .start();
  }

  /** Reads progress lines until {@code files} files are reported published; returns the count. */
  private static long awaitPublished(BufferedReader err, int files) throws IOException {
    String line;
    while ((line = err.readLine()) != null) {
      Matcher published = PUBLISHED.matcher(line);
      if (published.matches() && Integer.parseInt(published.group(2)) >= files) {
        return Long.parseLong(published.group(1));
      }
    }
    throw new AssertionError("the producer ended before publishing " + files + " files");
  }

  /** The last published count among the remaining lines, or {@code previous} if none. */
  private static long lastPublished(BufferedReader err, long previous) throws IOException {
    long last = previous;
    String line;
    while ((line = err.readLine()) != null) {
      Matcher published = PUBLISHED.matcher(line);
      if (published.matches()) {
        last = Long.parseLong(published.group(1));
      }
    }
    return last;
  }

  /** Lines of every visible landing file; fails on a file that is not complete NDJSON. */
  private static long visibleEvents(Path landing) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(landing)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(file -> !file.getFileName().toString().startsWith("_"))
              .filter(file -> !file.getFileName().toString().startsWith("."))
              .toList();
    }
    long events = 0;
    for (Path file : files) {
      String content = Files.readString(file);
      assertThat(content).as(file + " ends with a complete line").endsWith("\n");
      for (String line : content.split("\n")) {
        assertThat(JSON.readTree(line).get("event_id").asText()).as(file.toString()).hasSize(36);
        events++;
      }
    }
    return events;
  }

  private static BufferedReader reader(java.io.InputStream stream) {
    return new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
  }

  @Test
  void afterSigkillEveryVisibleFileIsCompleteAndNoneHoldsUnreportedEvents() throws Exception {
    Path landing = temp.resolve("landing");
    Process producer = start(landing);
    long reportedBeforeKill;
    try (BufferedReader err = reader(producer.getErrorStream())) {
      reportedBeforeKill = awaitPublished(err, 3);
      // SIGKILL through the handle: Process.destroyForcibly would also close the pipes, and with
      // them the lines the producer printed just before it died.
      producer.toHandle().destroyForcibly();
      assertThat(producer.waitFor(30, TimeUnit.SECONDS)).isTrue();
      long reported = lastPublished(err, reportedBeforeKill);

      assertThat(producer.exitValue()).isNotZero();
      long visible = visibleEvents(landing);
      assertThat(visible).isLessThanOrEqualTo(reported);
      assertThat(visible).isGreaterThanOrEqualTo(reportedBeforeKill);
    } finally {
      producer.destroyForcibly();
    }
  }

  @Test
  void sigtermPublishesEverythingGeneratedPrintsTheSummaryAndExitsZero() throws Exception {
    Path landing = temp.resolve("landing");
    Process producer = start(landing);
    try (BufferedReader err = reader(producer.getErrorStream());
        BufferedReader out = reader(producer.getInputStream())) {
      awaitPublished(err, 2);
      // SIGTERM through the handle, which leaves the pipes open for the summary.
      producer.toHandle().destroy();
      assertThat(producer.waitFor(30, TimeUnit.SECONDS)).isTrue();
      List<String> summary = new ArrayList<>(out.lines().toList());
      long reported = lastPublished(err, -1);

      assertThat(producer.exitValue()).as(String.join("\n", summary)).isZero();
      long events = valueOf(summary, "events");
      long lines = valueOf(summary, "lines");
      assertThat(lines).isEqualTo(events);
      assertThat(visibleEvents(landing)).isEqualTo(lines);
      assertThat(reported).isEqualTo(lines);
    } finally {
      producer.destroyForcibly();
    }
  }

  private static long valueOf(List<String> summary, String key) {
    return summary.stream()
        .filter(line -> line.startsWith(key + " "))
        .map(line -> Long.parseLong(line.substring(key.length()).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no '" + key + "' in the summary: " + summary));
  }
}
