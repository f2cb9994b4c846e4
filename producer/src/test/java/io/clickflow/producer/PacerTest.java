package io.clickflow.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PacerTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void spacesEventsEvenlyFromTheStart() {
    Pacer pacer = new Pacer(4, 10 * SECOND);
    assertThat(pacer.delayNanos(10 * SECOND)).isZero();
    pacer.sent(10 * SECOND);
    assertThat(pacer.delayNanos(10 * SECOND)).isEqualTo(SECOND / 4);
    assertThat(pacer.delayNanos(10 * SECOND + SECOND / 8)).isEqualTo(SECOND / 8);
    assertThat(pacer.delayNanos(10 * SECOND + SECOND / 4)).isZero();
  }

  @Test
  void sendingLateDoesNotShiftTheSchedule() {
    Pacer pacer = new Pacer(10, 0);
    pacer.sent(0);
    pacer.sent(SECOND / 10 + SECOND / 20);
    assertThat(pacer.delayNanos(SECOND / 10 + SECOND / 20)).isEqualTo(SECOND / 20);
  }

  @Test
  void catchesUpAtMostOneSecondAfterAStall() {
    Pacer pacer = new Pacer(100, 0);
    pacer.sent(0);
    long afterStall = 60 * SECOND;
    int burst = 0;
    while (pacer.delayNanos(afterStall) == 0) {
      pacer.sent(afterStall);
      burst++;
    }
    assertThat(burst).isBetween(100, 101);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, -1, Double.NaN, Double.POSITIVE_INFINITY})
  void refusesRatesThatCannotPace(double rate) {
    assertThatIllegalArgumentException().isThrownBy(() -> new Pacer(rate, 0));
  }
}
