package io.clickflow.pipeline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Writers of one table take turns; writers of different tables do not wait for each other. */
class TableWriteLockTest {

  @Test
  void writersOfOneTableNeverOverlap() throws InterruptedException {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    List<Thread> writers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Thread writer =
          new Thread(
              () -> {
                for (int round = 0; round < 50; round++) {
                  write("delta.`/lake/fact_events`", inside, mostAtOnce);
                }
              });
      writer.start();
      writers.add(writer);
    }
    for (Thread writer : writers) {
      writer.join();
    }
    assertThat(mostAtOnce).hasValue(1);
  }

  @Test
  void writersOfDifferentTablesRunTogether() throws InterruptedException {
    CountDownLatch bothInside = new CountDownLatch(2);
    AtomicInteger met = new AtomicInteger();
    Runnable meet =
        () -> {
          bothInside.countDown();
          try {
            if (bothInside.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
              met.incrementAndGet();
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    Thread a = new Thread(() -> TableWriteLock.writing("delta.`/lake/a`", meet));
    Thread b = new Thread(() -> TableWriteLock.writing("delta.`/lake/b`", meet));
    a.start();
    b.start();
    a.join();
    b.join();
    assertThat(met).hasValue(2);
  }

  private static void write(String table, AtomicInteger inside, AtomicInteger mostAtOnce) {
    TableWriteLock.writing(
        table,
        () -> {
          mostAtOnce.accumulateAndGet(inside.incrementAndGet(), Math::max);
          Thread.onSpinWait();
          inside.decrementAndGet();
        });
  }
}
