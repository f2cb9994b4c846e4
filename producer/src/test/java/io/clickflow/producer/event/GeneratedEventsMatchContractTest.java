package io.clickflow.producer.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.ValidationMessage;
import io.clickflow.contract.EventContract;
import io.clickflow.producer.ContractSchema;
import io.clickflow.producer.TestClocks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GeneratedEventsMatchContractTest {

  private final ObjectMapper mapper = EventJson.newMapper();
  private final ContractSchema schema = new ContractSchema();

  @Test
  void everyGeneratedEventValidatesAgainstTheContractSchema() throws Exception {
    TrafficGenerator traffic =
        new TrafficGenerator(
            new TrafficShape(5_000, 100, Duration.ofHours(6)),
            new SplittableRandom(7),
            TestClocks.fixed());
    List<String> failures = new ArrayList<>();
    while (traffic.hasNext()) {
      String line = mapper.writeValueAsString(traffic.next());
      Set<ValidationMessage> errors = schema.validate(mapper.readTree(line));
      if (!errors.isEmpty()) {
        failures.add(errors + " in " + line);
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void eventTimeHasMillisecondsAndZuluEvenOnWholeSeconds() throws Exception {
    ClickEvent event =
        new ClickEvent(
            "7b0c6c40-3a5e-4f5e-9d3a-1c2b3d4e5f60",
            EventType.PAGE_VIEW,
            java.time.Instant.parse("2026-03-14T15:00:00.123456Z"),
            EventContract.SCHEMA_VERSION,
            new ClickEvent.User(null, "anon", null, "10.0.0.1", "anonymous"),
            new ClickEvent.Session("s", 1),
            new ClickEvent.Device("desktop", "Linux", "Firefox", "ua"),
            new ClickEvent.Geo("DE", null, null),
            new ClickEvent.Page("https://x.example/", "/", null, null),
            null,
            null,
            java.util.Map.of());
    JsonNode json = mapper.valueToTree(event);
    assertThat(json.get("event_time").asText()).isEqualTo("2026-03-14T15:00:00.123Z");
    JsonNode wholeSecond =
        mapper.valueToTree(event.withEventTime(java.time.Instant.parse("2026-03-14T15:00:00Z")));
    assertThat(wholeSecond.get("event_time").asText()).isEqualTo("2026-03-14T15:00:00.000Z");
  }

  @Test
  void serialisedKeysAreExactlyTheSchemasTopLevelProperties() throws Exception {
    JsonNode schemaProperties = mapper.readTree(EventContract.schemaJson()).get("properties");
    TrafficGenerator traffic =
        new TrafficGenerator(
            new TrafficShape(1, 10, Duration.ofHours(1)),
            new SplittableRandom(1),
            TestClocks.fixed());
    JsonNode event = mapper.valueToTree(traffic.next());
    List<String> eventKeys = new ArrayList<>();
    event.fieldNames().forEachRemaining(eventKeys::add);
    List<String> schemaKeys = new ArrayList<>();
    schemaProperties.fieldNames().forEachRemaining(schemaKeys::add);
    assertThat(eventKeys).containsExactlyElementsOf(schemaKeys);
  }

  @Test
  void eventTypesAreTheContractsEventTypes() {
    assertThat(
            Arrays.stream(EventType.values()).map(EventType::wireName).collect(Collectors.toSet()))
        .isEqualTo(Set.copyOf(EventContract.EVENT_TYPES));
  }
}
