package io.clickflow.producer.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Jackson configuration that writes {@link ClickEvent}s exactly as the contract spells them. */
public final class EventJson {

  /**
   * The reference definition of the event time format; {@link EventTimes} writes the same text
   * faster. Always three fraction digits and a {@code Z}: ISO_INSTANT would drop the fraction on
   * whole seconds, which makes lines of equal events differ in length and shape.
   */
  public static final DateTimeFormatter EVENT_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private EventJson() {}

  /**
   * A new mapper; callers keep their own instance, there is no shared one. The hot path writes
   * events with {@link EventWriter}, which gives the same bytes as this mapper.
   */
  public static ObjectMapper newMapper() {
    SimpleModule eventTimes = new SimpleModule("clickflow-event-time");
    eventTimes.addSerializer(Instant.class, new EventTimeSerializer());
    return new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(SerializationFeature.INDENT_OUTPUT)
        // Keeps 12.50 as 12.50 when an event goes through a JSON tree for fault injection.
        .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
        .registerModule(eventTimes);
  }

  private static final class EventTimeSerializer extends StdSerializer<Instant> {
    EventTimeSerializer() {
      super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(EventTimes.format(value));
    }
  }
}
