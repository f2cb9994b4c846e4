package io.clickflow.producer.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickflow.contract.EventContract;
import io.clickflow.producer.TestClocks;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventWriterTest {

  private final ObjectMapper mapper = EventJson.newMapper();
  private final EventWriter writer = new EventWriter();

  private String written(ClickEvent event) {
    writer.write(event);
    return new String(writer.array(), 0, writer.length(), StandardCharsets.UTF_8);
  }

  @Test
  void writesEveryGeneratedEventExactlyAsTheMapperDoes() throws Exception {
    TrafficGenerator traffic =
        new TrafficGenerator(
            new TrafficShape(20_000, 400, Duration.ofHours(6)),
            new SplittableRandom(3),
            TestClocks.fixed());
    int compared = 0;
    while (traffic.hasNext()) {
      ClickEvent event = traffic.next();
      assertThat(written(event)).isEqualTo(mapper.writeValueAsString(event));
      compared++;
    }
    assertThat(compared).isEqualTo(20_000);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "quote \" and backslash \\",
        "tab\tnew line\ncarriage return\r",
        "control \u0001 and \u001f and delete \u007f",
        "S\u00e3o Paulo, M\u00fcnchen, \u6771\u4eac",
        "emoji \ud83d\ude80",
        "slash / stays"
      })
  void escapesStringsExactlyAsJacksonDoes(String text) throws Exception {
    ClickEvent event = event(text, Map.of("query", text, "a" + text, "b"));
    assertThat(written(event)).isEqualTo(mapper.writeValueAsString(event));
  }

  @Test
  void anInstanceSeenBeforeIsWrittenFromItsKeptBytes() throws Exception {
    ClickEvent first = event("one", Map.of());
    ClickEvent second = first.withEventTime(first.eventTime().plusSeconds(1));
    String firstLine = written(first);
    assertThat(written(second)).isEqualTo(mapper.writeValueAsString(second));
    assertThat(written(first)).isEqualTo(firstLine);
  }

  private static ClickEvent event(String text, Map<String, String> properties) {
    return new ClickEvent(
        "7b0c6c40-3a5e-4f5e-9d3a-1c2b3d4e5f60",
        EventType.PURCHASE,
        Instant.parse("2026-03-14T15:00:00Z"),
        EventContract.SCHEMA_VERSION,
        new ClickEvent.User("usr-1", "anon", text, "10.0.0.1", "pro"),
        new ClickEvent.Session("s-" + text, 12),
        new ClickEvent.Device("desktop", "Linux", "Firefox", text),
        new ClickEvent.Geo("BR", text, null),
        new ClickEvent.Page("https://x.example/" + text, "/", text, null),
        new ClickEvent.Marketing(text, null, "c"),
        new ClickEvent.Commerce("sku-" + text, new BigDecimal("17850"), "JPY", 3),
        properties);
  }
}
