package io.clickflow.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickflow.contract.EventContract;
import io.clickflow.producer.sink.InMemoryEventSink;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultInjectionTest {

  static final FaultRates EVERY_FAULT =
      new FaultRates(0.05, 0.05, 0.05, 0.05, 0.05, Duration.ofHours(1), 0.05);

  private static final int EVENTS = 10_000;
  private static final Set<String> NUMBER_PATHS =
      Set.of("schema_version", "session.sequence", "commerce.price", "commerce.quantity");

  private final ObjectMapper mapper = new ObjectMapper();
  private final ContractSchema schema = new ContractSchema();
  private JsonNode schemaJson;
  private ProducerSummary summary;
  private List<String> lines;
  private Map<Fault, Long> observed;
  private Set<String> cleanRunIds;

  @BeforeAll
  void produceOnceWithEveryFaultAndOnceWithout() throws Exception {
    schemaJson = mapper.readTree(EventContract.schemaJson());
    InMemoryEventSink faulty = new InMemoryEventSink();
    summary = produce(EVERY_FAULT, faulty);
    lines = faulty.lines();
    observed = classify(lines);

    InMemoryEventSink clean = new InMemoryEventSink();
    produce(FaultRates.NONE, clean);
    cleanRunIds = new HashSet<>();
    for (String line : clean.lines()) {
      cleanRunIds.add(mapper.readTree(line).get("event_id").asText());
    }
  }

  private static ProducerSummary produce(FaultRates faults, InMemoryEventSink sink)
      throws Exception {
    ProducerConfig config = ProducerConfig.defaults().withEvents(EVENTS).withFaults(faults);
    return new Producer(
            config, sink, TestClocks.fixed(), new ProducerMetrics(), ProgressListener.NONE)
        .run();
  }

  /** Finds each fault from the lines alone, the way a pipeline would have to. */
  private Map<Fault, Long> classify(List<String> lines) {
    Map<Fault, Long> found = new EnumMap<>(Fault.class);
    Set<String> seen = new HashSet<>();
    Instant windowStart = TestClocks.NOW.minus(ProducerConfig.DEFAULT_TIME_SPAN);
    Instant latest = windowStart;
    for (String line : lines) {
      if (!seen.add(line)) {
        found.merge(Fault.DUPLICATE, 1L, Long::sum);
        continue;
      }
      JsonNode event;
      try {
        event = mapper.readTree(line);
      } catch (JsonProcessingException notJson) {
        found.merge(Fault.MALFORMED, 1L, Long::sum);
        continue;
      }
      Instant time = Instant.parse(event.get("event_time").asText());
      // Traffic is in time order, so a late event is far behind the latest time seen, or, near
      // the start of the window, before the window itself.
      if (time.isBefore(windowStart) || time.isBefore(latest.minus(Duration.ofMinutes(30)))) {
        found.merge(Fault.LATE, 1L, Long::sum);
      }
      latest = time.isAfter(latest) ? time : latest;
      if (hasUnknownKey(event, schemaJson, "")) {
        found.merge(Fault.UNKNOWN_FIELD, 1L, Long::sum);
      } else if (hasNumberAsString(event)) {
        found.merge(Fault.TYPE_MISMATCH, 1L, Long::sum);
      } else if (hasUpperCaseKey(event)) {
        found.merge(Fault.CASE_MISMATCH, 1L, Long::sum);
      }
    }
    return found;
  }

  private static boolean hasUnknownKey(JsonNode event, JsonNode schemaNode, String path) {
    JsonNode known = schemaNode.get("properties");
    for (Iterator<String> keys = event.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      boolean caseVariant = !key.equals(key.toLowerCase());
      if (!known.has(key) && !caseVariant) {
        return true;
      }
      JsonNode child = event.get(key);
      if (known.has(key) && child.isObject() && known.get(key).has("properties")) {
        if (hasUnknownKey(child, known.get(key), path + key + ".")) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean hasNumberAsString(JsonNode event) {
    for (String path : NUMBER_PATHS) {
      JsonNode node = event;
      for (String key : path.split("\\.")) {
        node = node == null ? null : node.get(key);
      }
      if (node != null && node.isTextual()) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasUpperCaseKey(JsonNode node) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!field.getKey().equals(field.getKey().toLowerCase())) {
        return true;
      }
      if (field.getValue().isObject() && hasUpperCaseKey(field.getValue())) {
        return true;
      }
    }
    return false;
  }

  @Test
  void countsInTheSummaryAreExactlyWhatTheLinesShow() {
    for (Fault fault : Fault.values()) {
      assertThat(observed.getOrDefault(fault, 0L))
          .as(fault.label())
          .isEqualTo(summary.faultCount(fault));
    }
    assertThat(summary.lines()).isEqualTo(lines.size());
    assertThat(summary.lines()).isEqualTo(summary.events() + summary.faultCount(Fault.DUPLICATE));
  }

  @ParameterizedTest
  @CsvSource({
    "MALFORMED,     1.0",
    "UNKNOWN_FIELD, 0.95",
    "TYPE_MISMATCH, 0.9025",
    "CASE_MISMATCH, 0.857375",
    "LATE,          0.95",
    "DUPLICATE,     0.7737809375"
  })
  void countsFollowTheRatesOnTheEventsLeftEligible(Fault fault, double eligibleShare) {
    double expected = EVENTS * eligibleShare * EVERY_FAULT.rate(fault);
    assertThat((double) summary.faultCount(fault)).isCloseTo(expected, within(expected * 0.2));
  }

  @Test
  void malformedLinesAreCutShortJsonThatNoParserAccepts() {
    List<String> malformed = lines.stream().filter(line -> !parses(line)).toList();
    assertThat(malformed).hasSize((int) summary.corruptLines());
    assertThat(malformed)
        .allSatisfy(line -> assertThat(line).matches("\\{\"event_id\":\"[0-9a-f-]{36}\",.*"));
  }

  @Test
  void everyParseableLineKeepsAValidIdAndTimeForDedupAndWatermarks() throws Exception {
    for (String line : lines) {
      if (parses(line)) {
        JsonNode event = mapper.readTree(line);
        assertThat(event.get("event_id").asText()).matches("[0-9a-f-]{36}");
        assertThat(event.get("event_time").asText()).matches(".*T.*\\.\\d{3}Z");
      }
    }
  }

  @Test
  void onlyFaultedLinesFailTheSchema() throws Exception {
    long invalid = 0;
    for (String line : lines) {
      if (parses(line) && !schema.validate(mapper.readTree(line)).isEmpty()) {
        invalid++;
      }
    }
    assertThat(invalid).isEqualTo(summary.rescueLines());
  }

  @Test
  void duplicatesAreByteIdenticalCopiesOfCleanLines() throws Exception {
    Set<String> seen = new HashSet<>();
    long copies = 0;
    for (String line : lines) {
      if (!seen.add(line)) {
        copies++;
        assertThat(schema.validate(mapper.readTree(line))).isEmpty();
      }
    }
    assertThat(copies).isEqualTo(summary.faultCount(Fault.DUPLICATE));
  }

  @Test
  void faultsChangeLinesButNotTheTraffic() throws Exception {
    Set<String> faultyRunIds = new HashSet<>();
    for (String line : lines) {
      if (parses(line)) {
        faultyRunIds.add(mapper.readTree(line).get("event_id").asText());
      }
    }
    assertThat(faultyRunIds).hasSize((int) (summary.events() - summary.corruptLines()));
    assertThat(cleanRunIds).containsAll(faultyRunIds);
  }

  @Test
  void noRatesMeansNoFaults() throws Exception {
    InMemoryEventSink sink = new InMemoryEventSink();
    ProducerSummary clean = produce(FaultRates.NONE, sink);
    assertThat(clean.faults().values()).containsOnly(0L);
    assertThat(clean.lines()).isEqualTo(EVENTS);
  }

  @ParameterizedTest
  @CsvSource({"-0.01", "1.01", "NaN", "Infinity"})
  void ratesOutsideZeroToOneAreRejected(double rate) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new FaultRates(rate, 0, 0, 0, 0, Duration.ofHours(1), 0))
        .withMessageContaining("malformed rate must be in [0, 1]");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new FaultRates(0, 0, 0, 0, 0, Duration.ofHours(1), rate))
        .withMessageContaining("duplicate rate");
  }

  @ParameterizedTest
  @CsvSource({"PT0S", "-PT1H"})
  void lateDelayMustBePositive(Duration delay) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new FaultRates(0, 0, 0, 0, 0.1, delay, 0))
        .withMessageContaining("late delay");
  }

  private boolean parses(String line) {
    try {
      mapper.readTree(line);
      return true;
    } catch (JsonProcessingException e) {
      return false;
    }
  }
}
