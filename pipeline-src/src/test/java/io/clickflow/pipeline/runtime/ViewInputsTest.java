package io.clickflow.pipeline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Views refreshing side by side share an answer about their input's changes when they ask the same
 * question of the same versions, and not otherwise; a failure is not shared.
 */
class ViewInputsTest {

  private final ViewInputs inputs = new ViewInputs(null); // the answers need no store
  private final ExecutorService views = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    views.shutdownNow();
  }

  @Test
  void aQuestionAskedWhileItIsAnsweredWaitsForThatAnswer() throws Exception {
    AtomicInteger computed = new AtomicInteger();
    CountDownLatch answering = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<String> first =
        views.submit(
            () ->
                inputs.changesAnswer(
                    "fact_events",
                    3,
                    5,
                    "days",
                    () -> {
                      computed.incrementAndGet();
                      answering.countDown();
                      hold(release);
                      return "2026-11-24";
                    }));
    assertThat(answering.await(10, TimeUnit.SECONDS)).isTrue();
    Future<String> second =
        views.submit(
            () ->
                inputs.changesAnswer(
                    "fact_events", 3, 5, "days", () -> "computed again: " + computed.get()));
    // the second view is waiting for the first one's answer rather than computing its own
    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !second.isDone());
    release.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("2026-11-24");
    assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("2026-11-24");
    assertThat(computed).hasValue(1);
  }

  @Test
  void anotherRangeAnotherTableOrAnotherQuestionIsAnsweredAfresh() {
    assertThat(inputs.changesAnswer("fact_events", 3, 5, "days", () -> "a")).isEqualTo("a");
    assertThat(inputs.changesAnswer("fact_events", 3, 5, "days", () -> "b")).isEqualTo("a");
    assertThat(inputs.changesAnswer("fact_events", 3, 6, "days", () -> "c")).isEqualTo("c");
    assertThat(inputs.changesAnswer("fact_events", 4, 5, "days", () -> "d")).isEqualTo("d");
    assertThat(inputs.changesAnswer("silver_events", 3, 5, "days", () -> "e")).isEqualTo("e");
    assertThat(inputs.changesAnswer("fact_events", 3, 5, "inserts", () -> "f")).isEqualTo("f");
  }

  @Test
  void aFailureReachesItsOwnViewAndTheNextAskerComputesItself() throws Exception {
    CountDownLatch failing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<String> first =
        views.submit(
            () ->
                inputs.changesAnswer(
                    "silver_events",
                    1,
                    2,
                    "inserts",
                    () -> {
                      failing.countDown();
                      hold(release);
                      throw new IllegalStateException("the feed does not reach back that far");
                    }));
    assertThat(failing.await(10, TimeUnit.SECONDS)).isTrue();
    Future<String> waiting =
        views.submit(() -> inputs.changesAnswer("silver_events", 1, 2, "inserts", () -> "own"));
    release.countDown();

    assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("the feed does not reach back that far");
    assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("own");
    // nor is the failure kept for a later question
    assertThat(inputs.changesAnswer("silver_events", 1, 2, "inserts", () -> "later"))
        .isIn("own", "later");
  }

  private static void hold(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
