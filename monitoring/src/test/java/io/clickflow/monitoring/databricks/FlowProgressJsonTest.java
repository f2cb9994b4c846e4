package io.clickflow.monitoring.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickflow.monitoring.ExpectationResult;
import io.clickflow.monitoring.FlowProgress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Event log rows as the warehouse renders them with to_json, read as the Kernel reader would. */
class FlowProgressJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern(FlowProgressJson.TIMESTAMP_PATTERN).withZone(ZoneOffset.UTC);
  private static final Instant T0 = Instant.parse("2026-11-22T13:00:00.123456Z");

  private static final FlowProgress FAILED_SILVER =
      new FlowProgress(
          T0,
          "run-9",
          "silver_events",
          4,
          1_000,
          960,
          2_345,
          30,
          List.of(new ExpectationResult("valid_event_id", "silver_events", "DROP", 970, 30)),
          10,
          2,
          1,
          T0.minusSeconds(600),
          T0.minusSeconds(5),
          3L,
          true);

  private static ObjectNode rendered() throws Exception {
    return (ObjectNode) JSON.readTree(WarehouseSchema.render(FAILED_SILVER, FORMAT));
  }

  @Test
  void readsEveryFieldAtMicrosecondPrecision() throws Exception {
    assertThat(FlowProgressJson.parse(rendered().toString())).isEqualTo(FAILED_SILVER);
  }

  @Test
  void toleratesExtraColumnsAndLogsWrittenBeforeTheOptionalOnes() throws Exception {
    ObjectNode row = rendered();
    row.put("added_later", "x");
    row.remove(List.of("status", "watermark", "max_event_time", "backlog_files"));

    FlowProgress read = FlowProgressJson.parse(row.toString());

    assertThat(read.failed()).isFalse();
    assertThat(read.watermark()).isNull();
    assertThat(read.backlogFiles()).isNull();
    assertThat(read.inputRows()).isEqualTo(1_000);
  }

  @Test
  void readsOffsetsAndTimestampsWithoutZoneAsUtc() throws Exception {
    ObjectNode row = rendered();
    row.put("timestamp", "2026-11-22T14:00:00.123456+01:00");
    row.put("max_event_time", "2026-11-22T12:59:55.123456");

    FlowProgress read = FlowProgressJson.parse(row.toString());

    assertThat(read.timestamp()).isEqualTo(T0);
    assertThat(read.maxEventTime()).isEqualTo(Instant.parse("2026-11-22T12:59:55.123456Z"));
  }

  @Test
  void aNullCountContributesNothing() throws Exception {
    ObjectNode row = rendered();
    row.putNull("late_records");
    quality(row).putNull("expectations");

    FlowProgress read = FlowProgressJson.parse(row.toString());

    assertThat(read.lateRecords()).isZero();
    assertThat(read.expectations()).isEmpty();
  }

  static Stream<Arguments> brokenRows() {
    return Stream.of(
        broken(
            "missing required column",
            r -> r.remove("output_rows"),
            "missing column(s) output_rows"),
        broken("null identity", r -> r.putNull("run_id"), "run_id is null"),
        broken("text count", r -> r.put("input_rows", "many"), "input_rows must be a long"),
        broken(
            "bad timestamp", r -> r.put("timestamp", "yesterday"), "timestamp must be a timestamp"),
        broken(
            "expectations not an array",
            r -> quality(r).put("expectations", "none"),
            "data_quality.expectations must be an array of structs"),
        broken(
            "expectation without name",
            r -> ((ObjectNode) quality(r).get("expectations").get(0)).remove("name"),
            "missing column data_quality.expectations.name"));
  }

  private static ObjectNode quality(ObjectNode row) {
    return (ObjectNode) row.get("data_quality");
  }

  private static Arguments broken(String name, Consumer<ObjectNode> damage, String message) {
    return Arguments.of(name, damage, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenRows")
  void aBrokenRowIsRefusedNamingTheField(String name, Consumer<ObjectNode> damage, String message)
      throws Exception {
    ObjectNode row = rendered();
    damage.accept(row);

    assertThatThrownBy(() -> FlowProgressJson.parse(row.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void textThatIsNoObjectIsRefused() {
    assertThatThrownBy(() -> FlowProgressJson.parse("[1,2]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a JSON object");
    assertThatThrownBy(() -> FlowProgressJson.parse("{"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not JSON");
  }
}
