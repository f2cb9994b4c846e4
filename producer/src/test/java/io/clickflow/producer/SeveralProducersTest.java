package io.clickflow.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickflow.producer.sink.InMemoryEventSink;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeveralProducersTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ProducerSummary run(ProducerConfig config, InMemoryEventSink sink)
      throws Exception {
    return new Producer(
            config, sink, TestClocks.fixed(), new ProducerMetrics(), ProgressListener.NONE)
        .run();
  }

  private static ProducerConfig producers(long events, String... ids) {
    return ProducerConfig.defaults()
        .withProducerIds(List.of(ids))
        .withEvents(events)
        .withBatchLimits(new BatchLimits(400, 1 << 20));
  }

  @Test
  void eachProducerHasItsOwnFileSequenceAndShareOfTheEvents() throws Exception {
    InMemoryEventSink sink = new InMemoryEventSink();
    ProducerSummary summary = run(producers(2_000, "web-1", "web-2", "web-3"), sink);

    assertThat(summary.events()).isEqualTo(2_000);
    assertThat(summary.producerIds()).containsExactly("web-1", "web-2", "web-3");
    Map<String, Long> linesByProducer = new LinkedHashMap<>();
    sink.files()
        .forEach(
            (path, content) ->
                linesByProducer.merge(
                    path.substring(path.lastIndexOf('/') + 1, path.lastIndexOf('-')),
                    new String(content).lines().count(),
                    Long::sum));
    assertThat(linesByProducer)
        .containsOnly(Map.entry("web-1", 667L), Map.entry("web-2", 667L), Map.entry("web-3", 666L));
    assertThat(sink.files().keySet())
        .filteredOn(path -> path.contains("/web-2-"))
        .extracting(path -> path.substring(path.lastIndexOf('/') + 1))
        .containsExactlyInAnyOrder("web-2-000001.json", "web-2-000002.json");
  }

  @Test
  void producersNeverShareEventIdsOrUserIds() throws Exception {
    InMemoryEventSink sink = new InMemoryEventSink();
    run(producers(3_000, "a", "b"), sink);
    Set<String> eventIds = new HashSet<>();
    for (String line : sink.lines()) {
      JsonNode event = JSON.readTree(line);
      assertThat(eventIds.add(event.get("event_id").asText())).isTrue();
      JsonNode userId = event.get("user").get("user_id");
      if (!userId.isNull()) {
        assertThat(userId.asText()).matches("usr-[ab]-\\d{6}");
      }
    }
  }

  @Test
  void processesWithDistinctIdsWriteWhatOneProcessWithAllTheIdsWrites() throws Exception {
    InMemoryEventSink together = new InMemoryEventSink();
    InMemoryEventSink apart = new InMemoryEventSink();
    run(producers(2_000, "a", "b"), together);
    run(producers(1_000, "a"), apart);
    run(producers(1_000, "b"), apart);

    assertThat(apart.files().keySet())
        .containsExactlyInAnyOrderElementsOf(together.files().keySet());
    together
        .files()
        .forEach((path, content) -> assertThat(apart.files().get(path)).isEqualTo(content));
  }

  @Test
  void idsMustBeDistinctAndNoMoreThanTheEvents() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> producers(10, "a", "a"))
        .withMessageContaining("producer id 'a' is given twice");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> producers(2, "a", "b", "c"))
        .withMessageContaining("events (2) must be at least the number of producers (3)");
  }
}
