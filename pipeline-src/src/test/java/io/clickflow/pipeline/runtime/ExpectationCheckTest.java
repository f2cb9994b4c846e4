package io.clickflow.pipeline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickflow.pipeline.SharedSpark;
import io.clickflow.pipeline.graph.Expectation;
import io.clickflow.pipeline.graph.ExpectationAction;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class ExpectationCheckTest {

  private final SparkSession spark = SharedSpark.session();

  private Dataset<Row> rows() {
    return spark.sql(
        "SELECT * FROM VALUES ('a', 1, TIMESTAMP'2026-11-22 10:00:00'),"
            + " ('b', -1, TIMESTAMP'2026-11-22 11:00:00'), ('c', NULL, TIMESTAMP'2026-11-22 12:00:00')"
            + " AS t(id, amount, ts)");
  }

  @Test
  void countsPassedFailedAndDroppedSeparately() {
    ExpectationCheck check =
        new ExpectationCheck(
            "d",
            List.of(
                Expectation.drop("positive", "amount > 0"), Expectation.warn("known", "id <> 'c'")),
            "id",
            "ts");
    ExpectationCheck.Checked checked = check.apply(rows(), 0);
    List<Row> kept = checked.observed().filter("NOT _dropped").collectAsList();
    ExpectationCheck.Summary summary = checked.results();

    assertThat(kept).extracting(r -> r.<String>getAs("id")).containsExactly("a");
    assertThat(summary.rows()).isEqualTo(3);
    assertThat(summary.dropped()).isEqualTo(2);
    assertThat(summary.expectations())
        .containsExactly(
            new ExpectationResult("positive", "d", ExpectationAction.DROP, 1, 2),
            new ExpectationResult("known", "d", ExpectationAction.WARN, 2, 1));
    assertThat(summary.maxEventTime()).hasToString("2026-11-22T10:00:00Z");
  }

  @Test
  void aFailRuleStopsBeforeWritingAndNamesTheRuleAndAKey() {
    ExpectationCheck check =
        new ExpectationCheck("d", List.of(Expectation.fail("positive", "amount > 0")), "id", "ts");
    assertThatThrownBy(() -> check.apply(rows(), 0))
        .isInstanceOf(ExpectationViolation.class)
        .hasMessageContaining("expectation positive (FAIL) failed on dataset d")
        .hasMessageMatching(".*id=[bc]$");
  }
}
