package io.clickflow.producer.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LandingPathTest {

  @Test
  void pathIsPublishHourInUtcProducerAndSixDigitSequence() {
    Instant publish = Instant.parse("2026-11-22T13:59:59.999Z");
    assertThat(LandingPath.of(publish, "p1", 42, false).value())
        .isEqualTo("2026/11/22/13/p1-000042.json");
    assertThat(LandingPath.of(publish, "edge-7", 1_234_567, true).value())
        .isEqualTo("2026/11/22/13/edge-7-1234567.json.gz");
    assertThat(LandingPath.of(publish, "p1", 1, false).fileName()).isEqualTo("p1-000001.json");
  }

  @Test
  void theSameInputsAlwaysGiveTheSameName() {
    Instant publish = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(LandingPath.of(publish, "p1", 7, true))
        .isEqualTo(LandingPath.of(publish.plusSeconds(3599), "p1", 7, true));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "P1", "p_1", "p/1", "p 1", "p1.x"})
  void rejectsProducerIdsOutsideTheAllowedAlphabet(String producerId) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LandingPath.of(Instant.EPOCH, producerId, 1, false))
        .withMessageContaining("producer id");
  }

  @Test
  void rejectsSequenceZero() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LandingPath.of(Instant.EPOCH, "p1", 0, false));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/abs/p1.json", "a/../p1.json", "a//p1.json", "a/_tmp.json", "a/.hidden", "a/"})
  void rejectsPathsThatEscapeOrThatReadersWouldSkip(String value) {
    assertThatIllegalArgumentException().isThrownBy(() -> new LandingPath(value));
  }
}
