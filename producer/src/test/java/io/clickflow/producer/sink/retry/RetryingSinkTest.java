package io.clickflow.producer.sink.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickflow.producer.TestClocks;
import io.clickflow.producer.sink.EventSink;
import io.clickflow.producer.sink.LandingPath;
import io.clickflow.producer.sink.SinkException;
import io.clickflow.producer.sink.SinkException.Reason;
import io.clickflow.producer.sink.retry.PublishRetryMetrics.Outcome;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryingSinkTest {

  private static final LandingPath PATH = LandingPath.of(TestClocks.NOW, "p1", 1, false);
  private static final byte[] CONTENT = {'x', '\n'};

  /** nextDouble() of 0: the jitter takes the lower bound. */
  private static final RandomGenerator LOWEST = () -> 0L;

  /** nextDouble() just below 1: the jitter takes the upper bound. */
  private static final RandomGenerator HIGHEST = () -> -1L;

  private final FakeTime time = new FakeTime(TestClocks.NOW);
  private final PublishRetryMetrics metrics = new PublishRetryMetrics();

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  /** Fails with the scripted errors in order, then succeeds; each attempt takes {@code cost}. */
  private final class ScriptedSink implements EventSink {
    private final Deque<SinkException> failures = new ArrayDeque<>();
    private Duration cost = Duration.ZERO;
    private int publishes;
    private int listings;

    ScriptedSink failing(SinkException... errors) {
      failures.addAll(List.of(errors));
      return this;
    }

    ScriptedSink alwaysFailing(SinkException error, int times) {
      for (int i = 0; i < times; i++) {
        failures.add(error);
      }
      return this;
    }

    ScriptedSink taking(Duration perAttempt) {
      cost = perAttempt;
      return this;
    }

    @Override
    public void publish(LandingPath path, byte[] content) throws SinkException {
      publishes++;
      time.advance(cost);
      if (!failures.isEmpty()) {
        throw failures.poll();
      }
    }

    @Override
    public long lastSequence(String producerId) throws SinkException {
      listings++;
      if (!failures.isEmpty()) {
        throw failures.poll();
      }
      return 41;
    }

    @Override
    public String describe() {
      return "scripted:";
    }
  }

  private static SinkException busy() {
    return new SinkException("publish x to scripted: 503 ServerBusy", Reason.THROTTLED, true, null);
  }

  private static SinkException forbidden() {
    return new SinkException(
        "publish x to scripted: 403 AuthorizationPermissionMismatch — the identity lacks a role",
        Reason.AUTHORIZATION,
        false,
        null);
  }

  private RetryingSink retrying(EventSink sink, RetryPolicy policy, RandomGenerator random) {
    return new RetryingSink(sink, policy, time, time, random, metrics);
  }

  private static RetryPolicy noJitter() {
    return RetryPolicy.DEFAULT.withJitter(0);
  }

  @Test
  void transientFailuresAreRetriedUntilThePublishSucceeds() throws Exception {
    ScriptedSink sink = new ScriptedSink().failing(busy(), busy());

    retrying(sink, RetryPolicy.DEFAULT, LOWEST).publish(PATH, CONTENT);

    assertThat(sink.publishes).isEqualTo(3);
    assertThat(time.sleeps()).hasSize(2);
    assertThat(metrics.retries()).isEqualTo(2);
    assertThat(metrics.attempts(Outcome.SUCCESS)).isEqualTo(1);
    assertThat(metrics.attempts(Outcome.RETRIED)).isEqualTo(2);
    assertThat(metrics.attempts(Outcome.FAILED)).isZero();
  }

  @Test
  void aFatalErrorIsThrownAsItIsWithoutRetryOrWait() {
    SinkException fatal = forbidden();
    ScriptedSink sink = new ScriptedSink().failing(fatal);

    assertThatThrownBy(() -> retrying(sink, RetryPolicy.DEFAULT, LOWEST).publish(PATH, CONTENT))
        .isSameAs(fatal);
    assertThat(sink.publishes).isEqualTo(1);
    assertThat(time.sleeps()).isEmpty();
    assertThat(metrics.attempts(Outcome.FAILED)).isEqualTo(1);
    assertThat(metrics.retries()).isZero();
  }

  @Test
  void attemptsAreBoundedAndTheLastErrorSaysHowManyWereMade() {
    ScriptedSink sink = new ScriptedSink().alwaysFailing(busy(), 100);

    assertThatThrownBy(
            () -> retrying(sink, noJitter().withMaxAttempts(4), LOWEST).publish(PATH, CONTENT))
        .isInstanceOfSatisfying(
            SinkException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
              assertThat(e.getCause()).isInstanceOf(SinkException.class);
            })
        .hasMessage("publish x to scripted: 503 ServerBusy (gave up after 4 attempts in 1.8s)");
    assertThat(sink.publishes).isEqualTo(4);
    assertThat(time.sleeps())
        .containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(metrics.retries()).isEqualTo(3);
    assertThat(metrics.attempts(Outcome.FAILED)).isEqualTo(1);
  }

  @Test
  void theBackoffDoublesUpToItsCap() throws Exception {
    ScriptedSink sink = new ScriptedSink().alwaysFailing(busy(), 6);
    RetryPolicy policy = noJitter().withBackoff(Duration.ofMillis(100), Duration.ofMillis(700));

    retrying(sink, policy.withMaxAttempts(7), LOWEST).publish(PATH, CONTENT);

    assertThat(time.sleeps())
        .extracting(Duration::toMillis)
        .containsExactly(100L, 200L, 400L, 700L, 700L, 700L);
  }

  @Test
  void jitterSpreadsEachWaitByAtMostTheConfiguredShare() throws Exception {
    RetryPolicy policy =
        RetryPolicy.DEFAULT
            .withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(4))
            .withJitter(0.5);

    retrying(new ScriptedSink().alwaysFailing(busy(), 4), policy, LOWEST).publish(PATH, CONTENT);
    List<Duration> low = time.sleeps();
    retrying(new ScriptedSink().alwaysFailing(busy(), 4), policy, HIGHEST).publish(PATH, CONTENT);
    List<Duration> high = time.sleeps().subList(4, 8);

    assertThat(low).extracting(Duration::toMillis).containsExactly(500L, 1000L, 2000L, 2000L);
    assertThat(high).extracting(Duration::toMillis).containsExactly(1500L, 3000L, 6000L, 6000L);
  }

  @Test
  void noRetryStartsThatWouldEndAfterTheRetryTime() {
    ScriptedSink sink = new ScriptedSink().alwaysFailing(busy(), 100).taking(Duration.ofSeconds(1));
    RetryPolicy policy =
        noJitter()
            .withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1))
            .withMaxRetryTime(Duration.ofSeconds(3));

    assertThatThrownBy(() -> retrying(sink, policy, LOWEST).publish(PATH, CONTENT))
        .isInstanceOf(SinkException.class)
        .hasMessageEndingWith(
            "(gave up after 2 attempts in 3s: waiting 1s more would pass the retry time of 3s)");
    assertThat(sink.publishes).isEqualTo(2);
    assertThat(Duration.between(TestClocks.NOW, time.instant())).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aRetryAfterLongerThanTheBackoffIsHonoured() throws Exception {
    SinkException throttled =
        new SinkException(
            "429 TooManyRequests", Reason.THROTTLED, true, Duration.ofSeconds(7), null);
    SinkException hinted =
        new SinkException("503 ServerBusy", Reason.THROTTLED, true, Duration.ofMillis(10), null);

    retrying(new ScriptedSink().failing(throttled, hinted), noJitter(), LOWEST)
        .publish(PATH, CONTENT);

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7), Duration.ofMillis(500));
  }

  @Test
  void aRetryAfterBeyondTheRetryTimeGivesUpAtOnce() {
    SinkException throttled =
        new SinkException(
            "429 TooManyRequests", Reason.THROTTLED, true, Duration.ofMinutes(5), null);

    assertThatThrownBy(
            () ->
                retrying(new ScriptedSink().failing(throttled), RetryPolicy.DEFAULT, LOWEST)
                    .publish(PATH, CONTENT))
        .hasMessageContaining("waiting 5m more would pass the retry time of 2m");
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void anInterruptDuringTheWaitStopsRetryingAndStaysVisible() {
    time.interruptingSleep(1);
    ScriptedSink sink = new ScriptedSink().failing(busy());

    assertThatThrownBy(() -> retrying(sink, RetryPolicy.DEFAULT, LOWEST).publish(PATH, CONTENT))
        .isInstanceOfSatisfying(
            SinkException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getSuppressed())
                  .singleElement()
                  .isInstanceOf(InterruptedException.class);
            })
        .hasMessageEndingWith("503 ServerBusy (interrupted while waiting to retry)");
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
    assertThat(sink.publishes).isEqualTo(1);
  }

  @Test
  void listingIsRetriedButNotCountedAsAPublish() throws Exception {
    ScriptedSink sink = new ScriptedSink().failing(busy());

    assertThat(retrying(sink, RetryPolicy.DEFAULT, LOWEST).lastSequence("p1")).isEqualTo(41);

    assertThat(sink.listings).isEqualTo(2);
    assertThat(time.sleeps()).hasSize(1);
    assertThat(metrics.retries()).isZero();
    assertThat(metrics.attempts(Outcome.SUCCESS)).isZero();
  }

  @Test
  void describesItselfAsTheSinkItWraps() {
    assertThat(retrying(new ScriptedSink(), RetryPolicy.DEFAULT, LOWEST).describe())
        .isEqualTo("scripted:");
  }
}
