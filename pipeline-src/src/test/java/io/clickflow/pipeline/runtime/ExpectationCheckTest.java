package io.clickflow.pipeline.runtime;

import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickflow.pipeline.SharedSpark;
import io.clickflow.pipeline.graph.Expectation;
import io.clickflow.pipeline.graph.ExpectationAction;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpectationCheckTest {

  private final SparkSession spark = SharedSpark.session();

  @TempDir Path dir;

  private static final Queue<String> KEPT = new ConcurrentLinkedQueue<>();

  private Dataset<Row> rows() {
    return spark.sql(
        "SELECT * FROM VALUES ('a', 1, TIMESTAMP'2026-11-22 10:00:00'),"
            + " ('b', -1, TIMESTAMP'2026-11-22 11:00:00'), ('c', NULL, TIMESTAMP'2026-11-22 12:00:00')"
            + " AS t(id, amount, ts)");
  }

  /**
   * Counts travel with the stream's progress, as the runner reads them; the batch function scans
   * its persisted batch twice, and each row still counts once.
   */
  @Test
  void countsPassedFailedAndDroppedSeparatelyInTheStreamsProgress() throws Exception {
    String table = dir.resolve("rows").toString();
    rows().write().format("delta").save(table);
    ExpectationCheck check =
        new ExpectationCheck(
            "d",
            List.of(
                Expectation.drop("positive", "amount > 0"), Expectation.warn("known", "id <> 'c'")),
            "id",
            "ts");
    KEPT.clear();
    VoidFunction2<Dataset<Row>, Long> keep =
        (batch, id) -> {
          Dataset<Row> cached = batch.persist();
          check.failFast(cached);
          KEPT.addAll(
              cached.filter("NOT _dropped").select("id").as(Encoders.STRING()).collectAsList());
          cached.unpersist();
        };
    StreamingQuery query =
        check
            .flagAndObserve(spark.readStream().format("delta").load(table), lit(true))
            .writeStream()
            .option("checkpointLocation", dir.resolve("cp").toString())
            .trigger(Trigger.AvailableNow())
            .foreachBatch(keep)
            .start();
    query.awaitTermination();
    ExpectationCheck.Summary summary =
        check.summary(new ObservedMetrics(query.lastProgress().observedMetrics()));

    assertThat(KEPT).containsExactly("a");
    assertThat(summary.rows()).isEqualTo(3);
    assertThat(summary.dropped()).isEqualTo(2);
    assertThat(summary.expectations())
        .containsExactly(
            new ExpectationResult("positive", "d", ExpectationAction.DROP, 1, 2),
            new ExpectationResult("known", "d", ExpectationAction.WARN, 2, 1));
    assertThat(summary.maxEventTime()).hasToString("2026-11-22T10:00:00Z");
  }

  @Test
  void eachRowCarriesTheRulesItFailed() {
    ExpectationCheck check =
        new ExpectationCheck("d", List.of(Expectation.warn("known", "id <> 'c'")), "id", "ts");
    List<Row> flagged = check.flag(rows()).orderBy("id").collectAsList();
    assertThat(flagged)
        .extracting(r -> r.getList(r.fieldIndex(ExpectationCheck.FAILED)))
        .containsExactly(List.of(), List.of(), List.of("known"));
    assertThat(flagged)
        .extracting(r -> r.<Boolean>getAs(ExpectationCheck.DROPPED))
        .containsOnly(false);
  }

  @Test
  void aFailRuleStopsBeforeWritingAndNamesTheRuleAndAKey() {
    ExpectationCheck check =
        new ExpectationCheck("d", List.of(Expectation.fail("positive", "amount > 0")), "id", "ts");
    assertThatThrownBy(() -> check.failFast(check.flag(rows())))
        .isInstanceOf(ExpectationViolation.class)
        .hasMessageContaining("expectation positive (FAIL) failed on dataset d")
        .hasMessageMatching(".*id=[bc]$");
  }

  @Test
  void anAbsentObservationReadsAsNothing() {
    ExpectationCheck check =
        new ExpectationCheck("d", List.of(Expectation.warn("known", "id <> 'c'")), "id", "ts");
    ExpectationCheck.Summary summary = check.summary(new ObservedMetrics(java.util.Map.of()));
    assertThat(summary.rows()).isZero();
    assertThat(summary.maxEventTime()).isNull();
  }
}
