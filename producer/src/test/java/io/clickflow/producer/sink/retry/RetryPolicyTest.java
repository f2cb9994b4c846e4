package io.clickflow.producer.sink.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RetryPolicyTest {

  @Test
  void defaultsRideOutAShortOutageWithinTwoMinutes() {
    RetryPolicy policy = RetryPolicy.DEFAULT;
    assertThat(policy.maxAttempts()).isEqualTo(8);
    assertThat(policy.initialBackoff()).isEqualTo(Duration.ofMillis(250));
    assertThat(policy.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.multiplier()).isEqualTo(2.0);
    assertThat(policy.jitter()).isEqualTo(0.5);
    assertThat(policy.maxRetryTime()).isEqualTo(Duration.ofMinutes(2));
    assertThat(RetryPolicy.NONE.maxAttempts()).isEqualTo(1);
  }

  @Test
  void withersChangeOneValueEach() {
    RetryPolicy policy =
        RetryPolicy.DEFAULT
            .withMaxAttempts(3)
            .withBackoff(Duration.ofMillis(10), Duration.ofMillis(20))
            .withJitter(0.1)
            .withMaxRetryTime(Duration.ofSeconds(5));
    assertThat(policy)
        .isEqualTo(
            new RetryPolicy(
                3, Duration.ofMillis(10), Duration.ofMillis(20), 2.0, 0.1, Duration.ofSeconds(5)));
  }

  static Stream<Arguments> badValues() {
    Duration s = Duration.ofSeconds(1);
    return Stream.of(
        Arguments.of(
            (Supplier<RetryPolicy>) () -> RetryPolicy.DEFAULT.withMaxAttempts(0), "max attempts"),
        Arguments.of(
            (Supplier<RetryPolicy>) () -> RetryPolicy.DEFAULT.withMaxAttempts(101), "max attempts"),
        Arguments.of(
            (Supplier<RetryPolicy>) () -> RetryPolicy.DEFAULT.withBackoff(Duration.ZERO, s),
            "initial backoff"),
        Arguments.of(
            (Supplier<RetryPolicy>) () -> RetryPolicy.DEFAULT.withBackoff(s, Duration.ofMillis(5)),
            "max backoff"),
        Arguments.of((Supplier<RetryPolicy>) () -> RetryPolicy.DEFAULT.withJitter(1.0), "jitter"),
        Arguments.of((Supplier<RetryPolicy>) () -> RetryPolicy.DEFAULT.withJitter(-0.1), "jitter"),
        Arguments.of(
            (Supplier<RetryPolicy>) () -> RetryPolicy.DEFAULT.withMaxRetryTime(Duration.ZERO),
            "max retry time"),
        Arguments.of(
            (Supplier<RetryPolicy>) () -> new RetryPolicy(2, s, s, 0.5, 0, s), "multiplier"),
        Arguments.of(
            (Supplier<RetryPolicy>) () -> new RetryPolicy(2, s, s, Double.NaN, 0, s),
            "multiplier"));
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void rejectsValuesThatWouldRetryForeverOrNotAtAll(Supplier<RetryPolicy> build, String names) {
    assertThatIllegalArgumentException().isThrownBy(build::get).withMessageContaining(names);
  }
}
