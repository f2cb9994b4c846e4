package io.clickflow.producer.sink.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickflow.producer.BatchLimits;
import io.clickflow.producer.Producer;
import io.clickflow.producer.ProducerConfig;
import io.clickflow.producer.ProducerMetrics;
import io.clickflow.producer.ProducerSummary;
import io.clickflow.producer.ProgressListener;
import io.clickflow.producer.TestClocks;
import io.clickflow.producer.sink.EventSink;
import io.clickflow.producer.sink.InMemoryEventSink;
import io.clickflow.producer.sink.SinkUri;
import io.clickflow.producer.sink.retry.FakeTime;
import io.clickflow.producer.sink.retry.PublishRetryMetrics;
import io.clickflow.producer.sink.retry.RetryPolicy;
import io.clickflow.producer.sink.retry.RetryingSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 10,000 events through the Blob sink into Azurite, read back and compared with an in-memory run of
 * the same seed: first on a healthy emulator, then with 30% of the requests failing.
 */
@ExtendWith(AzuriteExtension.class)
class BlobSinkRoundTripTest {

  private static final int EVENTS = 10_000;
  private static final String PREFIX = "landing";

  private static final int EVENTS_PER_FILE = 250;

  /**
   * Files of 250 events, about 160 KB each, sent in blocks of 64 KiB: forty files of three blocks,
   * so that each run makes a few hundred requests and commits lists of several blocks.
   */
  private static final ProducerConfig CONFIG =
      ProducerConfig.defaults()
          .withEvents(EVENTS)
          .withBatchLimits(new BatchLimits(EVENTS_PER_FILE, BatchLimits.DEFAULT.maxBytes()));

  private static final AzureClientOptions OPTIONS =
      AzureClientOptions.defaults().withBlockSize(64 * 1024);

  @Test
  void tenThousandEventsArriveEqualAndComplete(Azurite azurite) throws Exception {
    String container = azurite.newContainer("roundtrip");
    EventSink sink =
        BlobSink.withConnectionString(
            SinkUri.parse("azurite:" + container + "/" + PREFIX),
            azurite.connectionString(),
            OPTIONS,
            TestClocks.fixed());

    ProducerSummary summary = produce(sink);

    Map<String, byte[]> expected = expectedFiles();
    Map<String, byte[]> landed = azurite.blobs(container, PREFIX);
    assertThat(landed.keySet()).isEqualTo(expected.keySet());
    expected.forEach((path, content) -> assertThat(landed.get(path)).as(path).isEqualTo(content));
    assertThat(eventIds(landed)).hasSize(EVENTS).doesNotHaveDuplicates();
    assertThat(summary.events()).isEqualTo(EVENTS);
  }

  @Test
  void withThirtyPercentOfRequestsFailingNothingIsLostOrDuplicated(Azurite azurite)
      throws Exception {
    String container = azurite.newContainer("faults");
    FaultInjectionPolicy faults = new FaultInjectionPolicy(0.30, 7);
    FakeTime time = new FakeTime(TestClocks.NOW);
    PublishRetryMetrics retryMetrics = new PublishRetryMetrics();
    EventSink sink =
        new RetryingSink(
            BlobSink.withConnectionString(
                SinkUri.parse("azurite:" + container + "/" + PREFIX),
                azurite.connectionString(),
                OPTIONS.withPolicies(List.of(faults)),
                TestClocks.fixed()),
            RetryPolicy.DEFAULT.withMaxAttempts(30).withMaxRetryTime(Duration.ofHours(1)),
            time,
            time,
            new SplittableRandom(11),
            retryMetrics);

    produce(sink);

    Map<String, byte[]> expected = expectedFiles();
    Map<String, byte[]> landed = azurite.blobs(container, PREFIX);
    List<String> landedIds = eventIds(landed);
    Set<String> distinctLanded = new HashSet<>(landedIds);
    long lost = eventIds(expected).stream().filter(id -> !distinctLanded.contains(id)).count();
    long duplicated = landedIds.size() - distinctLanded.size();
    System.out.printf(
        "Blob sink under faults: %d events in %d files; %d requests, %d failed (%d as 429 with"
            + " Retry-After, %d after reaching the service); %d retries; %d lost, %d duplicated%n",
        EVENTS,
        expected.size(),
        faults.requests(),
        faults.failed(),
        faults.throttled(),
        faults.failedAfterService(),
        retryMetrics.retries(),
        lost,
        duplicated);

    assertThat(faults.failed()).isPositive();
    assertThat(faults.failedAfterService()).isPositive();
    assertThat(retryMetrics.retries()).isPositive();
    assertThat(landed.keySet()).isEqualTo(expected.keySet());
    expected.forEach((path, content) -> assertThat(landed.get(path)).as(path).isEqualTo(content));
    assertThat(lost).isZero();
    assertThat(duplicated).isZero();
    assertThat(landedIds).hasSize(EVENTS);
    assertThat(time.sleeps()).as("429s carry Retry-After: 1").contains(Duration.ofSeconds(1));
  }

  private static ProducerSummary produce(EventSink sink) throws Exception {
    return new Producer(
            CONFIG, sink, TestClocks.fixed(), new ProducerMetrics(), ProgressListener.NONE)
        .run();
  }

  /** The same run into memory: what the sink must hold afterwards, byte for byte. */
  private static Map<String, byte[]> expectedFiles() throws Exception {
    InMemoryEventSink memory = new InMemoryEventSink();
    produce(memory);
    assertThat(memory.files()).hasSize(EVENTS / EVENTS_PER_FILE);
    return memory.files();
  }

  private static List<String> eventIds(Map<String, byte[]> files) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    List<String> ids = new ArrayList<>();
    for (byte[] content : files.values()) {
      for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
        ids.add(mapper.readTree(line).get("event_id").asText());
      }
    }
    return ids;
  }
}
