package io.clickflow.pipeline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Views refreshing side by side share an answer about their input's changes when they ask the same
 * question of the same versions, and not otherwise; a failure is not shared.
 */
class ViewInputsTest {

  private final ViewInputs inputs = new ViewInputs(null); // the answers need no store

  /** Asks on a thread of its own; the thread is known once the returned future has one. */
  private static <T> CompletableFuture<T> askOnAThread(
      AtomicReference<Thread> thread, Supplier<T> ask) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    Thread asker =
        new Thread(
            () -> {
              try {
                answer.complete(ask.get());
              } catch (Throwable e) {
                answer.completeExceptionally(e);
              }
            });
    thread.set(asker);
    asker.start();
    return answer;
  }

  /** Until the thread waits: for the other view's answer, once it is inside the call. */
  private static void untilWaiting(AtomicReference<Thread> thread) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> thread.get().getState() == Thread.State.WAITING);
  }

  @Test
  void aQuestionAskedWhileItIsAnsweredWaitsForThatAnswer() throws Exception {
    AtomicInteger computed = new AtomicInteger();
    CountDownLatch answering = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> first =
        askOnAThread(
            new AtomicReference<>(),
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
    AtomicReference<Thread> secondThread = new AtomicReference<>();
    CompletableFuture<String> second =
        askOnAThread(
            secondThread,
            () ->
                inputs.changesAnswer(
                    "fact_events", 3, 5, "days", () -> "computed again: " + computed.get()));
    untilWaiting(secondThread);
    assertThat(second).isNotDone();
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
  void aFailureReachesItsOwnViewAndAViewWaitingForItComputesItself() throws Exception {
    CountDownLatch failing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> first =
        askOnAThread(
            new AtomicReference<>(),
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
    AtomicReference<Thread> waitingThread = new AtomicReference<>();
    CompletableFuture<String> waiting =
        askOnAThread(
            waitingThread,
            () -> inputs.changesAnswer("silver_events", 1, 2, "inserts", () -> "own"));
    untilWaiting(waitingThread);
    release.countDown();

    assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("the feed does not reach back that far");
    assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("own");
    // nor is the failure kept for a later question
    assertThat(inputs.changesAnswer("silver_events", 1, 2, "inserts", () -> "later"))
        .isEqualTo("later");
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
