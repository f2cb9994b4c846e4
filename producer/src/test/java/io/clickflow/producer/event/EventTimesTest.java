package io.clickflow.producer.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventTimesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.999Z",
        "2000-02-29T12:34:56.789Z",
        "2024-02-29T23:59:59.999Z",
        "2026-03-14T15:09:26.535Z",
        "2100-03-01T00:00:00.001Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999Z"
      })
  void formatsAsTheReferenceFormatterDoes(String text) {
    Instant time = Instant.parse(text);
    assertThat(EventTimes.format(time)).isEqualTo(EventJson.EVENT_TIME.format(time));
  }

  @Test
  void agreesWithTheReferenceFormatterOnRandomTimes() {
    SplittableRandom random = new SplittableRandom(1);
    long min = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
    long max = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
    for (int i = 0; i < 100_000; i++) {
      Instant time = Instant.ofEpochMilli(random.nextLong(min, max + 1));
      assertThat(EventTimes.format(time)).isEqualTo(EventJson.EVENT_TIME.format(time));
    }
  }

  @Test
  void truncatesToMilliseconds() {
    assertThat(EventTimes.format(Instant.parse("2026-03-14T15:00:00.123999Z")))
        .isEqualTo("2026-03-14T15:00:00.123Z");
  }

  @Test
  void refusesYearsTheContractCannotCarry() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> EventTimes.format(Instant.parse("+10000-01-01T00:00:00Z")))
        .withMessageContaining("out of range");
  }
}
