package io.clickflow.pipeline.runtime;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.clickflow.pipeline.graph.Expectation;
import io.clickflow.pipeline.graph.ExpectationAction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A dataset's expectations. Rows are flagged on the stream and counted by an observation there, so
 * the counts come from the scan that writes the rows, and reach the event log through the query's
 * progress wherever the batch function runs.
 *
 * <p>Each row gets {@value #FAILED}, the names of the rules it failed, and {@value #DROPPED},
 * whether any of them is a DROP rule. FAIL rules are checked by the batch function, before anything
 * is written.
 */
public final class ExpectationCheck {

  public static final String FAILED = "_failed_expectations";
  public static final String DROPPED = "_dropped";

  private final String dataset;
  private final List<Expectation> expectations;
  private final String keyColumn;
  private final String eventTimeColumn;

  public ExpectationCheck(
      String dataset, List<Expectation> expectations, String keyColumn, String eventTimeColumn) {
    this.dataset = dataset;
    this.expectations = List.copyOf(expectations);
    this.keyColumn = keyColumn;
    this.eventTimeColumn = eventTimeColumn;
  }

  /** The rows with the two flag columns. */
  public Dataset<Row> flag(Dataset<Row> rows) {
    return rows.withColumn(FAILED, filter(array(failureNames()), name -> name.isNotNull()))
        .withColumn(DROPPED, exists(col(FAILED), this::isDropRule));
  }

  /**
   * Flags the rows and observes, under the dataset's name, the counts {@link #summary} reads. Only
   * rows where {@code counted} holds are counted.
   */
  public Dataset<Row> flagAndObserve(Dataset<Row> rows, Column counted) {
    Dataset<Row> flagged = flag(rows);
    List<Column> metrics = new ArrayList<>();
    metrics.add(sum(when(counted, 1).otherwise(0)).as("rows"));
    for (Expectation e : expectations) {
      metrics.add(sum(when(counted.and(not(passes(e))), 1).otherwise(0)).as("failed_" + e.name()));
    }
    metrics.add(sum(when(counted.and(col(DROPPED)), 1).otherwise(0)).as("dropped"));
    metrics.add(
        max(when(counted.and(not(col(DROPPED))), col(eventTimeColumn))).as("max_event_time"));
    return flagged.observe(
        dataset, metrics.get(0), metrics.subList(1, metrics.size()).toArray(Column[]::new));
  }

  /**
   * Stops the batch when a FAIL rule fails on any row.
   *
   * @throws ExpectationViolation naming the rule and a key of a row that failed it
   */
  public void failFast(Dataset<Row> batch) {
    for (Expectation e : expectations) {
      if (e.action() != ExpectationAction.FAIL) {
        continue;
      }
      List<Row> sample =
          batch.filter(not(passes(e))).select(col(keyColumn)).limit(1).collectAsList();
      if (!sample.isEmpty()) {
        throw new ExpectationViolation(
            "expectation "
                + e.name()
                + " (FAIL) failed on dataset "
                + dataset
                + ": "
                + e.sql()
                + " is not true for "
                + keyColumn
                + "="
                + sample.get(0).get(0));
      }
    }
  }

  /** The counts of one batch, from what {@link #flagAndObserve} observed. */
  public Summary summary(ObservedMetrics observed) {
    long rows = observed.count(dataset, "rows");
    List<ExpectationResult> results = new ArrayList<>();
    for (Expectation e : expectations) {
      long failed = observed.count(dataset, "failed_" + e.name());
      results.add(new ExpectationResult(e.name(), dataset, e.action(), rows - failed, failed));
    }
    return new Summary(
        rows,
        observed.count(dataset, "dropped"),
        results,
        observed.instant(dataset, "max_event_time"));
  }

  private Column[] failureNames() {
    return expectations.stream()
        .map(e -> when(not(passes(e)), lit(e.name())))
        .toArray(Column[]::new);
  }

  private Column isDropRule(Column name) {
    List<String> dropRules =
        expectations.stream()
            .filter(e -> e.action() == ExpectationAction.DROP)
            .map(Expectation::name)
            .toList();
    return dropRules.isEmpty() ? lit(false) : name.isin(dropRules.toArray());
  }

  private static Column passes(Expectation e) {
    return coalesce(expr(e.sql()), lit(false));
  }

  /** Totals of one checked batch. */
  public record Summary(
      long rows, long dropped, List<ExpectationResult> expectations, Instant maxEventTime) {}
}
