package io.clickflow.pipeline.gold;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.pipeline.LandingFixture;
import io.clickflow.pipeline.PipelineHarness;
import io.clickflow.pipeline.runtime.TableWriteLock;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When flows overlap, {@code fact_events} and {@code dim_user} order their writes of the facts on
 * the fact writers' lock. Each test holds that lock itself to force one interleaving the continuous
 * mode can meet, and requires every fact to end at the version valid at its time.
 */
class FactKeyingOrderTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @TempDir Path dir;

  private PipelineHarness pipeline;
  private Dataset<Row> upgrade;
  private long freeOnly;

  /** u1's first event on the free plan keyed in Gold; then u1's upgrade to pro, in Silver only. */
  @BeforeEach
  void u1UpgradesAfterItsFirstFact() {
    LandingFixture landing = new LandingFixture(dir.resolve("landing"));
    landing.add(LandingFixture.event("u1", "page_view", T0, "free", "DE")).publish();
    pipeline = new PipelineHarness(dir.resolve("landing"), dir.resolve("lake"), 0);
    pipeline.runOnce("bronze", "silver");
    Dataset<Row> first = pipeline.store().read("silver_events").localCheckpoint();
    new DimUser().writeBatch(first, 0, pipeline.context());
    new FactEvents().writeBatch(first, 0, pipeline.context());
    landing.add(LandingFixture.event("u1", "click", T0.plusSeconds(60), "pro", "DE")).publish();
    pipeline.runOnce("bronze", "silver");
    upgrade =
        pipeline
            .store()
            .read("silver_events")
            .filter(col("event_time").equalTo(Timestamp.from(T0.plusSeconds(60))))
            .localCheckpoint();
    freeOnly = pipeline.store().version(DimUser.NAME);
  }

  @Test
  void aFactBatchWaitingForTheLockKeysAgainstTheDimUserCommittedMeanwhile() throws Exception {
    String facts = pipeline.store().sqlName(FactEvents.NAME);
    try (Holder lock = new Holder(facts)) {
      lock.startWaiting(
          () -> new FactEvents().writeBatch(upgrade, 1, pipeline.context().overlapping()));
      // dim_user commits u1's pro version. In a run to completion an in-order user needs no
      // re-key, so no re-key follows to mend a fact keyed before this commit.
      new DimUser().writeBatch(upgrade, 1, pipeline.context());
      assertThat(pipeline.store().version(DimUser.NAME)).isGreaterThan(freeOnly);
    }
    pipeline.assertEveryFactKeyedToItsVersion(2);
  }

  @Test
  void dimUserReKeysFactsAppendedBetweenItsCommitAndItsReKey() throws Exception {
    String facts = pipeline.store().sqlName(FactEvents.NAME);
    try (Holder lock = new Holder(facts)) {
      lock.startWaiting(
          () -> new DimUser().writeBatch(upgrade, 1, pipeline.context().overlapping()));
      assertThat(pipeline.store().version(DimUser.NAME))
          .as("dim_user committed before it waits to re-key")
          .isGreaterThan(freeOnly);
      // A fact batch that keyed against the free version and appended before the re-key ran.
      pipeline
          .store()
          .append(
              FactEvents.facts(upgrade, pipeline.store().read(DimUser.NAME, freeOnly)),
              FactEvents.NAME,
              FactEvents.NAME,
              1,
              false);
    }
    pipeline.assertEveryFactKeyedToItsVersion(2);
  }

  /**
   * Holds a table's write lock on a thread of its own until closed; closing also waits for the
   * writer it started and rethrows what that writer threw.
   */
  private static final class Holder implements AutoCloseable {
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final String table;
    private final Thread holder;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private Thread writer;

    Holder(String table) throws InterruptedException {
      this.table = table;
      holder =
          new Thread(
              () ->
                  TableWriteLock.writing(
                      table,
                      () -> {
                        held.countDown();
                        try {
                          release.await();
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                      }));
      holder.start();
      held.await();
    }

    /** Starts a writer of the table and returns once it waits for the lock held here. */
    void startWaiting(Runnable write) {
      writer = new Thread(write);
      writer.setUncaughtExceptionHandler((t, e) -> failure.set(e));
      writer.start();
      Awaitility.await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> TableWriteLock.isWaiting(table, writer) || !writer.isAlive());
      assertThat(writer.isAlive()).as("the writer waits for the lock the test holds").isTrue();
    }

    @Override
    public void close() throws Exception {
      release.countDown();
      holder.join();
      writer.join(Duration.ofMinutes(2).toMillis());
      assertThat(writer.isAlive()).as("the writer finished").isFalse();
      if (failure.get() != null) {
        throw new AssertionError("the writer failed", failure.get());
      }
    }
  }
}
