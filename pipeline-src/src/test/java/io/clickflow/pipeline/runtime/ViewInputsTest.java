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

  /**
   * The first view to ask {@code question} of the table's versions 1 to 2, returned while it
   * computes the answer: {@code result}, once {@code release} is counted down.
   */
  private CompletableFuture<String> answering(
      String table, String question, CountDownLatch release, Supplier<String> result)
      throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<String> answer =
        askOnAThread(
            new AtomicReference<>(),
            () ->
                inputs.changesAnswer(
                    table,
                    1,
                    2,
                    question,
                    () -> {
                      started.countDown();
                      hold(release);
                      return result.get();
                    }));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    return answer;
  }

  /**
   * A view asking {@code question} of the table's versions 1 to 2 while another answers it; its own
   * answer would be {@code own}. Returned once its thread waits, for the other view's answer.
   */
  private CompletableFuture<String> waitingAsker(
      String table, String question, Supplier<String> own) {
    AtomicReference<Thread> thread = new AtomicReference<>();
    CompletableFuture<String> answer =
        askOnAThread(thread, () -> inputs.changesAnswer(table, 1, 2, question, own));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> thread.get().getState() == Thread.State.WAITING);
    return answer;
  }

  @Test
  void aQuestionAskedWhileItIsAnsweredWaitsForThatAnswer() throws Exception {
    AtomicInteger computed = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> first =
        answering(
            "fact_events",
            "days",
            release,
            () -> {
              computed.incrementAndGet();
              return "2026-11-24";
            });
    CompletableFuture<String> second =
        waitingAsker("fact_events", "days", () -> "computed again: " + computed.get());
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
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> first =
        answering(
            "silver_events",
            "inserts",
            release,
            () -> {
              throw new IllegalStateException("the feed does not reach back that far");
            });
    CompletableFuture<String> waiting = waitingAsker("silver_events", "inserts", () -> "own");
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
