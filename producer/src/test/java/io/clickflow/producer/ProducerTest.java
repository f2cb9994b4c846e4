package io.clickflow.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickflow.producer.sink.EventSink;
import io.clickflow.producer.sink.InMemoryEventSink;
import io.clickflow.producer.sink.LandingPath;
import io.clickflow.producer.sink.LocalFolderSink;
import io.clickflow.producer.sink.SinkException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerTest {

  private static final ProducerConfig SMALL = ProducerConfig.defaults().withEvents(3_500);

  @TempDir Path temp;

  private static ProducerSummary run(ProducerConfig config, EventSink sink) throws SinkException {
    return new Producer(
            config, sink, TestClocks.fixed(), new ProducerMetrics(), ProgressListener.NONE)
        .run();
  }

  private static Map<String, byte[]> readTree(Path root) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(file).toString(), Files.readAllBytes(file));
      }
    }
    return files;
  }

  @Test
  void theSameSeedWritesByteIdenticalFiles() throws Exception {
    ProducerConfig config = SMALL.withFaults(FaultInjectionTest.EVERY_FAULT);
    run(config, new LocalFolderSink(temp.resolve("a")));
    run(config, new LocalFolderSink(temp.resolve("b")));
    run(config.withSeed(43), new LocalFolderSink(temp.resolve("c")));

    Map<String, byte[]> first = readTree(temp.resolve("a"));
    Map<String, byte[]> second = readTree(temp.resolve("b"));
    assertThat(first).isNotEmpty();
    assertThat(second.keySet()).isEqualTo(first.keySet());
    first.forEach((name, content) -> assertThat(second.get(name)).isEqualTo(content));
    Map<String, byte[]> otherSeed = readTree(temp.resolve("c"));
    assertThat(otherSeed.get(first.keySet().iterator().next()))
        .isNotEqualTo(first.values().iterator().next());
  }

  @Test
  void aSecondRunIntoTheSameLandingContinuesTheSequenceInsteadOfReplacingFiles() throws Exception {
    LocalFolderSink sink = new LocalFolderSink(temp.resolve("landing"));
    ProducerSummary first = run(SMALL, sink);
    Map<String, byte[]> before = readTree(temp.resolve("landing"));
    ProducerSummary second = run(SMALL.withSeed(7), sink);

    assertThat(second.files()).doesNotContainAnyElementsOf(first.files());
    Map<String, byte[]> after = readTree(temp.resolve("landing"));
    assertThat(after).hasSize(before.size() + second.files().size());
    before.forEach((name, content) -> assertThat(after.get(name)).isEqualTo(content));
  }

  @Test
  void filesRollOnTheEventLimitAndAreNamedInSequenceUnderThePublishHour() throws Exception {
    InMemoryEventSink sink = new InMemoryEventSink();
    ProducerSummary summary = run(SMALL.withBatchLimits(new BatchLimits(1_000, 1 << 30)), sink);

    assertThat(sink.files().keySet())
        .containsExactly(
            TestClocks.HOUR_FOLDER + "p1-000001.json",
            TestClocks.HOUR_FOLDER + "p1-000002.json",
            TestClocks.HOUR_FOLDER + "p1-000003.json",
            TestClocks.HOUR_FOLDER + "p1-000004.json");
    assertThat(sink.files().values())
        .extracting(content -> new String(content).lines().count())
        .containsExactly(1_000L, 1_000L, 1_000L, 500L);
    assertThat(summary.files())
        .extracting(LandingPath::value)
        .containsExactlyElementsOf(sink.files().keySet());
    assertThat(summary.events()).isEqualTo(3_500);
    assertThat(summary.lines()).isEqualTo(3_500);
    assertThat(summary.bytes())
        .isEqualTo(sink.files().values().stream().mapToLong(content -> content.length).sum());
  }

  @Test
  void filesRollBeforeTheyExceedTheByteLimit() throws Exception {
    InMemoryEventSink sink = new InMemoryEventSink();
    run(SMALL.withBatchLimits(new BatchLimits(5_000, 64 * 1024)), sink);

    assertThat(sink.files()).hasSizeGreaterThan(30);
    assertThat(sink.files().values())
        .allSatisfy(content -> assertThat(content.length).isLessThanOrEqualTo(64 * 1024));
    assertThat(sink.lines()).hasSize(3_500);
  }

  @Test
  void gzipFilesHoldTheSameLinesAsPlainOnes() throws Exception {
    InMemoryEventSink plain = new InMemoryEventSink();
    InMemoryEventSink gzipped = new InMemoryEventSink();
    run(SMALL, plain);
    ProducerSummary summary = run(SMALL.withGzip(true), gzipped);

    assertThat(gzipped.files().keySet()).allMatch(name -> name.endsWith(".json.gz"));
    List<byte[]> plainFiles = new ArrayList<>(plain.files().values());
    List<byte[]> gzipFiles = new ArrayList<>(gzipped.files().values());
    assertThat(gzipFiles).hasSameSizeAs(plainFiles);
    for (int i = 0; i < plainFiles.size(); i++) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipFiles.get(i)))) {
        assertThat(in.readAllBytes()).isEqualTo(plainFiles.get(i));
      }
    }
    assertThat(summary.bytes())
        .isLessThan(plain.files().values().stream().mapToLong(c -> c.length).sum() / 4);
  }

  @Test
  void everyLineIsOneEventWithAnEventTimeNoLaterThanTheClock() throws Exception {
    InMemoryEventSink sink = new InMemoryEventSink();
    run(SMALL, sink);
    ObjectMapper mapper = new ObjectMapper();
    for (String line : sink.lines()) {
      JsonNode event = mapper.readTree(line);
      assertThat(Instant.parse(event.get("event_time").asText())).isBeforeOrEqualTo(TestClocks.NOW);
    }
  }

  @Test
  void progressIsReportedAboutEveryTenthAndAtTheEnd() throws Exception {
    List<Long> reported = new ArrayList<>();
    ProgressListener listener =
        new ProgressListener() {
          @Override
          public void generated(Progress progress) {
            reported.add(progress.eventsGenerated());
          }

          @Override
          public void finished(Progress progress) {
            reported.add(progress.eventsGenerated());
          }
        };
    new Producer(
            SMALL, new InMemoryEventSink(), TestClocks.fixed(), new ProducerMetrics(), listener)
        .run();
    assertThat(reported)
        .containsExactly(
            350L, 700L, 1_050L, 1_400L, 1_750L, 2_100L, 2_450L, 2_800L, 3_150L, 3_500L);
  }

  @Test
  void aFailedPublishStopsTheRunAndIsCounted() {
    ProducerMetrics metrics = new ProducerMetrics();
    Map<String, Integer> attempts = new LinkedHashMap<>();
    EventSink failing =
        new EventSink() {
          @Override
          public void publish(LandingPath path, byte[] content) throws SinkException {
            attempts.merge(path.value(), 1, Integer::sum);
            throw new SinkException("publish " + path + " to test: disk full", true, null);
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
                new Producer(SMALL, failing, TestClocks.fixed(), metrics, ProgressListener.NONE)
                    .run())
        .isInstanceOf(SinkException.class)
        .hasMessageContaining("p1-000001.json");
    assertThat(attempts).containsExactly(Map.entry(TestClocks.HOUR_FOLDER + "p1-000001.json", 1));
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    metrics.bindTo(registry);
    assertThat(registry.get("clickflow.producer.publish.errors").functionCounter().count())
        .isEqualTo(1);
  }
}
