package io.clickflow.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.clickflow.producer.event.TrafficShape;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProducerConfigTest {

  @Test
  void defaults() {
    ProducerConfig defaults = ProducerConfig.defaults();
    assertThat(defaults.traffic()).isEqualTo(new TrafficShape(10_000, 200, Duration.ofHours(6)));
    assertThat(defaults.seed()).isEqualTo(42);
    assertThat(defaults.producerIds()).containsExactly("p1");
    assertThat(defaults.batchLimits())
        .isEqualTo(new BatchLimits(5_000, 8 * 1024 * 1024, Duration.ofSeconds(30)));
    assertThat(defaults.gzip()).isFalse();
    assertThat(defaults.faults()).isEqualTo(FaultRates.NONE);
    assertThat(FaultRates.NONE.lateDelay()).isEqualTo(Duration.ofHours(1));
    assertThat(defaults.pacing()).isEqualTo(new Pacing(0, null));
    assertThat(defaults.maxPendingFiles()).isEqualTo(4);
    assertThat(defaults.live()).isFalse();
  }

  @Test
  void eventsAreSharedOutAndEachProducerGetsItsOwnStableSeed() {
    ProducerConfig three =
        ProducerConfig.defaults().withProducerIds(List.of("a", "b", "c")).withEvents(10);
    assertThat(List.of(three.eventsOf(0), three.eventsOf(1), three.eventsOf(2)))
        .containsExactly(4L, 3L, 3L);
    assertThat(three.seedOf("a")).isNotEqualTo(three.seedOf("b"));
    assertThat(three.seedOf("a")).isEqualTo(ProducerConfig.defaults().seedOf("a"));
    assertThat(three.withSeed(43).seedOf("a")).isNotEqualTo(three.seedOf("a"));
    ProducerConfig unlimited = three.withEvents(ProducerConfig.UNLIMITED_EVENTS);
    assertThat(unlimited.eventsOf(2)).isEqualTo(ProducerConfig.UNLIMITED_EVENTS);
    assertThat(unlimited.traffic().users()).isEqualTo(ProducerConfig.DEFAULT_STREAM_USERS);
  }

  @Test
  void aRateADurationOrNoEventLimitMakesARunLive() {
    ProducerConfig batch = ProducerConfig.defaults();
    assertThat(batch.withPacing(new Pacing(5, null)).live()).isTrue();
    assertThat(batch.withPacing(new Pacing(0, Duration.ofMinutes(1))).live()).isTrue();
    assertThat(batch.withEvents(ProducerConfig.UNLIMITED_EVENTS).live()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"-1, rate must be a finite number", "NaN, rate must be a finite number"})
  void pacingRejectsNonsense(double rate, String message) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Pacing(rate, null))
        .withMessageStartingWith(message);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Pacing(1, Duration.ZERO))
        .withMessageStartingWith("duration must be at least 1ms");
  }

  @ParameterizedTest
  @CsvSource({"1, 10", "499, 10", "10000, 200", "1000000, 20000"})
  void defaultUsersGiveVisitorsSeveralSessions(long events, int users) {
    assertThat(ProducerConfig.defaultUsers(events)).isEqualTo(users);
  }

  @ParameterizedTest
  @CsvSource({
    "0,   10, PT1H, events must be at least 1",
    "-1,  10, PT1H, events must be at least 1",
    "10,  0,  PT1H, users must be at least 1",
    "10,  10, PT0S, time span must be at least 1s",
  })
  void trafficShapeRejectsNonsense(long events, int users, Duration span, String message) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new TrafficShape(events, users, span))
        .withMessageStartingWith(message);
  }

  @ParameterizedTest
  @CsvSource({"0, 1", "1, 0", "-5, 100"})
  void batchLimitsMustBePositive(int maxEvents, long maxBytes) {
    assertThatIllegalArgumentException().isThrownBy(() -> new BatchLimits(maxEvents, maxBytes));
  }

  @Test
  void producerIdMustBeLowercaseAlphanumericOrDash() {
    ProducerConfig defaults = ProducerConfig.defaults();
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new ProducerConfig(
                    defaults.traffic(), 1, "Edge_1", BatchLimits.DEFAULT, false, FaultRates.NONE))
        .withMessageContaining("producer id must match [a-z0-9-]+");
  }
}
