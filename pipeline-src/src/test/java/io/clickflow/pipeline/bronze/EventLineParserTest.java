package io.clickflow.pipeline.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventLineParserTest {

  private static final String FILE = "file:/landing/2026/11/22/13/p1-000001.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final EventLineParser parser = new EventLineParser(BronzeSchema.EVENT);

  private static final int RESCUED = BronzeSchema.EVENT.size();
  private static final int CORRUPT = BronzeSchema.EVENT.size() + 1;

  private static String event(String extra) {
    return """
        {"event_id":"0b5f4c52-6a53-4b0e-9a53-7c7f6a0e5b11","event_type":"purchase",\
        "event_time":"2026-11-22T13:00:00.000Z","schema_version":1,\
        "user":{"user_id":"u1","anonymous_id":"a1","email":"a@example.test","ip":"10.0.0.1","plan":"pro"},\
        "session":{"session_id":"s1","sequence":3},\
        "commerce":{"product_id":"sku-1","price":12.5,"currency":"EUR","quantity":2}%s}"""
        .formatted(extra);
  }

  private JsonNode rescued(Row row) throws Exception {
    return JSON.readTree(row.getString(RESCUED));
  }

  @Test
  void aCleanLineFitsAndRescuesNothing() {
    Row row = parser.parse(event(""), FILE);
    assertThat(row.getString(0)).isEqualTo("0b5f4c52-6a53-4b0e-9a53-7c7f6a0e5b11");
    assertThat(row.getInt(3)).isEqualTo(1);
    Row commerce = row.getStruct(BronzeSchema.EVENT.fieldIndex("commerce"));
    assertThat(commerce.getDouble(1)).isEqualTo(12.5);
    assertThat(commerce.getLong(3)).isEqualTo(2L);
    assertThat(row.isNullAt(RESCUED)).isTrue();
    assertThat(row.isNullAt(CORRUPT)).isTrue();
  }

  @Test
  void unknownFieldsAtAnyDepthAreRescuedWithTheFilePath() throws Exception {
    String line =
        event(",\"campaign_ref\":\"x\"").replace("\"plan\":\"pro\"", "\"plan\":\"pro\",\"tier\":7");
    JsonNode rescued = rescued(parser.parse(line, FILE));
    assertThat(rescued.get("campaign_ref").asText()).isEqualTo("x");
    assertThat(rescued.get("user.tier").asInt()).isEqualTo(7);
    assertThat(rescued.get("_file_path").asText()).isEqualTo(FILE);
  }

  @Test
  void aTypeMismatchKeepsTheOriginalValueAndNullsTheField() throws Exception {
    Row row = parser.parse(event("").replace("\"price\":12.5", "\"price\":\"12.50\""), FILE);
    Row commerce = row.getStruct(BronzeSchema.EVENT.fieldIndex("commerce"));
    assertThat(commerce.isNullAt(1)).isTrue();
    assertThat(commerce.getString(0)).isEqualTo("sku-1");
    assertThat(rescued(row).get("commerce.price").textValue()).isEqualTo("12.50");
  }

  @Test
  void aCaseMismatchedKeyIsRescuedAndTheFieldStaysNull() throws Exception {
    Row row = parser.parse(event("").replace("\"event_type\"", "\"Event_Type\""), FILE);
    assertThat(row.isNullAt(1)).isTrue();
    assertThat(rescued(row).get("Event_Type").asText()).isEqualTo("purchase");
  }

  /** One case per kind of misfit: the line's change and the exact _rescued_data it gives. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "unknown top-level field | `\"schema_version\":1` | `\"schema_version\":1,\"ab_test\":\"B\"`"
            + " | `{\"ab_test\":\"B\",\"_file_path\":\""
            + FILE
            + "\"}`",
        "unknown nested field | `\"plan\":\"pro\"` | `\"plan\":\"pro\",\"tier\":{\"level\":7}`"
            + " | `{\"user.tier\":{\"level\":7},\"_file_path\":\""
            + FILE
            + "\"}`",
        "string for a number | `\"price\":12.5` | `\"price\":\"12.50\"`"
            + " | `{\"commerce.price\":\"12.50\",\"_file_path\":\""
            + FILE
            + "\"}`",
        "number for a string | `\"session_id\":\"s1\"` | `\"session_id\":42`"
            + " | `{\"session.session_id\":42,\"_file_path\":\""
            + FILE
            + "\"}`",
        "object for a number | `\"sequence\":3` | `\"sequence\":{\"n\":3}`"
            + " | `{\"session.sequence\":{\"n\":3},\"_file_path\":\""
            + FILE
            + "\"}`",
        "case-mismatched key | `\"event_type\"` | `\"EVENT_TYPE\"`"
            + " | `{\"EVENT_TYPE\":\"purchase\",\"_file_path\":\""
            + FILE
            + "\"}`",
      })
  void eachKindOfMisfitIsRescuedExactly(String kind, String from, String to, String expected) {
    Row row = parser.parse(event("").replace(from, to), FILE);
    assertThat(row.getString(RESCUED)).isEqualTo(expected);
    assertThat(row.isNullAt(CORRUPT)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"event_id\": \"trunc", "not json", "[1,2]", "42", "{} trailing"})
  void linesThatAreNotAJsonObjectAreKeptWhole(String line) {
    Row row = parser.parse(line, FILE);
    assertThat(row.getString(CORRUPT)).isEqualTo(line);
    assertThat(row.isNullAt(0)).isTrue();
    assertThat(row.isNullAt(RESCUED)).isTrue();
  }

  @Test
  void aByteOrderMarkAndCarriageReturnDoNotBreakParsing() {
    Row row = parser.parse("\uFEFF" + event("") + "\r", FILE);
    assertThat(row.isNullAt(CORRUPT)).isTrue();
    assertThat(row.getString(0)).startsWith("0b5f4c52");
  }
}
