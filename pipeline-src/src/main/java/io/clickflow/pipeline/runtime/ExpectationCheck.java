package io.clickflow.pipeline.runtime;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
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
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;

/**
 * Evaluates a dataset's expectations over one batch. Counts come from {@link Dataset#observe}, so
 * they are gathered by the same scan that writes the rows rather than by extra jobs.
 *
 * <p>Each row gets {@value #FAILED}, the names of the rules it failed, and {@value #DROPPED},
 * whether any of them is a DROP rule. FAIL rules are checked first, before anything is written.
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

  /**
   * Flags the batch's rows.
   *
   * @throws ExpectationViolation when a FAIL rule fails on any row
   */
  public Checked apply(Dataset<Row> batch, long batchId) {
    failFast(batch);
    Dataset<Row> flagged =
        batch
            .withColumn(FAILED, filter(array(failureNames()), name -> name.isNotNull()))
            .withColumn(DROPPED, exists(col(FAILED), this::isDropRule));
    Observation observation = new Observation(dataset + "_expectations_" + batchId);
    Dataset<Row> observed = flagged.observe(observation, count(lit(1)).as("rows"), metrics());
    return new Checked(flagged, observed, observation);
  }

  private void failFast(Dataset<Row> batch) {
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

  private Column[] metrics() {
    List<Column> metrics = new ArrayList<>();
    for (Expectation e : expectations) {
      metrics.add(sum(when(not(passes(e)), 1).otherwise(0)).as("failed_" + e.name()));
    }
    metrics.add(sum(when(col(DROPPED), 1).otherwise(0)).as("dropped"));
    metrics.add(max(when(not(col(DROPPED)), col(eventTimeColumn))).as("max_event_time"));
    return metrics.toArray(Column[]::new);
  }

  /** A flagged batch; read {@link #results} after the observed rows were written. */
  public final class Checked {
    private final Dataset<Row> flagged;
    private final Dataset<Row> observed;
    private final Observation observation;

    private Checked(Dataset<Row> flagged, Dataset<Row> observed, Observation observation) {
      this.flagged = flagged;
      this.observed = observed;
      this.observation = observation;
    }

    /** Rows with the flag columns, counted when an action runs on them. Write these once. */
    public Dataset<Row> observed() {
      return observed;
    }

    /** The same rows without the counting; use for any further writes. */
    public Dataset<Row> flagged() {
      return flagged;
    }

    /** Counts per rule; blocks until the observed rows have been written. */
    public Summary results() {
      Map<String, Object> metrics = ObservedWrite.await(observation);
      long rows = asLong(metrics.get("rows"));
      List<ExpectationResult> results = new ArrayList<>();
      for (Expectation e : expectations) {
        long failed = asLong(metrics.get("failed_" + e.name()));
        results.add(new ExpectationResult(e.name(), dataset, e.action(), rows - failed, failed));
      }
      return new Summary(
          rows,
          asLong(metrics.get("dropped")),
          results,
          ObservedWrite.instant(metrics.get("max_event_time")));
    }
  }

  /** Totals of one checked batch. */
  public record Summary(
      long rows, long dropped, List<ExpectationResult> expectations, Instant maxEventTime) {}

  private static long asLong(Object value) {
    return value == null ? 0L : ((Number) value).longValue();
  }
}
