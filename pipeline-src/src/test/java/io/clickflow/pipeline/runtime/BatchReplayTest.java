package io.clickflow.pipeline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.contract.LakehouseLayout;
import io.clickflow.pipeline.LandingFixture;
import io.clickflow.pipeline.PipelineHarness;
import io.clickflow.pipeline.SharedSpark;
import io.clickflow.pipeline.bronze.BronzeEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A micro-batch is looked up in its table before it is appended only when the checkpoint says a
 * crash may have interrupted it; such a batch is written once, whether its earlier commit carries
 * the batch mark or only Delta's transaction id.
 */
class BatchReplayTest {

  private static final Instant T0 = Instant.parse("2026-11-22T13:00:00Z");

  @TempDir Path dir;

  @Test
  void theBatchToReplayIsTheLastPlannedOneThatDidNotCommit() throws IOException {
    Path checkpoint = dir.resolve("checkpoint");
    for (CheckpointFiles files :
        new CheckpointFiles[] {
          new LocalCheckpointFiles(), new HadoopCheckpointFiles(SharedSpark.session())
        }) {
      assertThat(FlowExecution.unfinishedBatch(files, checkpoint.toString()))
          .as("a first start")
          .isEqualTo(-1);
    }
    touch(checkpoint.resolve("offsets"), "0", "1", "2", ".2.crc", "_temp");
    touch(checkpoint.resolve("commits"), "0", "1", ".1.crc");
    for (CheckpointFiles files :
        new CheckpointFiles[] {
          new LocalCheckpointFiles(), new HadoopCheckpointFiles(SharedSpark.session())
        }) {
      assertThat(FlowExecution.unfinishedBatch(files, checkpoint.toString()))
          .as("batch 2 was planned, not committed")
          .isEqualTo(2);
    }
    touch(checkpoint.resolve("commits"), "2");
    assertThat(FlowExecution.unfinishedBatch(new LocalCheckpointFiles(), checkpoint.toString()))
        .as("every planned batch committed")
        .isEqualTo(-1);
  }

  @Test
  void aBatchThatCommittedBeforeItsStreamingCommitIsNotAppendedAgain() throws IOException {
    LandingFixture landing = new LandingFixture(dir.resolve("landing"));
    landing
        .add(LandingFixture.event("u1", "page_view", T0, "free", "DE"))
        .add(LandingFixture.event("u2", "page_view", T0.plusSeconds(1), "pro", "FR"))
        .publish();
    PipelineHarness pipeline = new PipelineHarness(dir.resolve("landing"), dir.resolve("lake"), 0);
    pipeline.runOnce("bronze");
    TableStore store = pipeline.store();
    long committed = store.version(BronzeEvents.NAME);
    // A crash after Delta's commit of batch 0, before Spark recorded the batch as done.
    Path commits =
        Path.of(store.checkpoint(BronzeEvents.NAME).replaceFirst("^file:", ""), "commits");
    Files.delete(commits.resolve("0"));
    Files.deleteIfExists(commits.resolve(".0.crc"));

    pipeline.runOnce("bronze");
    assertThat(pipeline.count(BronzeEvents.NAME)).as("batch 0 replayed").isEqualTo(2);
    assertThat(store.version(BronzeEvents.NAME)).isEqualTo(committed);

    landing.add(LandingFixture.event("u3", "page_view", T0.plusSeconds(2), "free", "DE")).publish();
    pipeline.runOnce("bronze");
    assertThat(pipeline.count(BronzeEvents.NAME)).as("batch 1, new").isEqualTo(3);
    assertThat(store.version(BronzeEvents.NAME)).isEqualTo(committed + 1);
  }

  @Test
  void aReplayFindsABatchByItsMarkOrByDeltasTransactionId() {
    var spark = SharedSpark.session();
    LakehouseLayout lake = new LakehouseLayout(dir.resolve("lake").toString());
    TableStore store = new DeltaPathTableStore(spark, lake);
    Dataset<Row> rows = spark.sql("SELECT 1 AS n");

    store.append(rows, "numbers", "writer", 0, false);
    long marked = store.version("numbers");
    assertThat(store.append(rows, "numbers", "writer", 0, true)).as("appended").isFalse();
    assertThat(store.version("numbers")).as("found by its mark").isEqualTo(marked);

    // A batch written with Delta's transaction id alone, as appends once were.
    rows.write()
        .format("delta")
        .mode("append")
        .option("txnAppId", "writer")
        .option("txnVersion", 1)
        .save(lake.table("numbers"));
    long unmarked = store.version("numbers");
    assertThat(store.append(rows, "numbers", "writer", 1, true)).as("appended").isFalse();
    assertThat(store.version("numbers")).as("found by its transaction id").isEqualTo(unmarked);

    assertThat(store.append(rows, "numbers", "writer", 2, true)).as("appended").isTrue();
    assertThat(store.version("numbers")).as("a batch not written yet").isEqualTo(unmarked + 1);
    assertThat(store.read("numbers").count()).isEqualTo(3);
  }

  /**
   * A path table's latest commit is read from its log's file names: the version Delta's history
   * reports, whatever checkpoints and checksum files lie beside the commits.
   */
  @Test
  void aPathTablesLatestCommitIsTheVersionDeltasHistoryReports() throws IOException {
    var spark = SharedSpark.session();
    TableStore store =
        new DeltaPathTableStore(spark, new LakehouseLayout(dir.resolve("lake").toString()));
    Dataset<Row> rows = spark.sql("SELECT 1 AS n");
    store.append(rows, "numbers", "writer", 0, false);
    spark.sql(
        "ALTER TABLE %s SET TBLPROPERTIES ('delta.checkpointInterval' = '2')"
            .formatted(store.sqlName("numbers")));
    for (long batch = 1; batch <= 3; batch++) {
      TableStore.Commit before = store.latestCommit("numbers");
      store.append(rows, "numbers", "writer", batch, false);
      assertThat(store.latestCommit("numbers").version()).isEqualTo(before.version() + 1);
    }

    Row history = spark.sql("DESCRIBE HISTORY " + store.sqlName("numbers") + " LIMIT 1").first();
    assertThat(store.latestCommit("numbers").version())
        .isEqualTo(history.<Long>getAs("version"))
        .isEqualTo(5);
    try (var log = Files.list(dir.resolve("lake").resolve("tables/numbers/_delta_log"))) {
      assertThat(log.map(f -> f.getFileName().toString()))
          .as("what the commits share the log with")
          .anyMatch(n -> n.endsWith(".checkpoint.parquet"))
          .anyMatch(n -> n.endsWith(".crc"));
    }
  }

  private static void touch(Path folder, String... names) throws IOException {
    Files.createDirectories(folder);
    for (String name : names) {
      Files.writeString(folder.resolve(name), "v1\n");
    }
  }
}
