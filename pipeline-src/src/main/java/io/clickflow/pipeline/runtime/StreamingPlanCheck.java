package io.clickflow.pipeline.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateExpression;
import org.apache.spark.sql.catalyst.plans.logical.Aggregate;
import org.apache.spark.sql.catalyst.plans.logical.EventTimeWatermark;
import org.apache.spark.sql.catalyst.plans.logical.Join;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Finds streaming definitions Spark would reject (or run wrongly) before any flow starts, and says
 * how to fix them. It reads the analysed logical plan, which only a classic session has; under
 * Databricks Connect the plan lives on the server, which applies the same checks when the query
 * starts.
 */
final class StreamingPlanCheck {

  /** Join types Spark cannot run with the stream on the left and a static table on the right. */
  private static final Set<String> UNSUPPORTED_STREAM_LEFT = Set.of("RIGHT OUTER", "FULL OUTER");

  /** Join types Spark cannot run with a static table on the left and the stream on the right. */
  private static final Set<String> UNSUPPORTED_STREAM_RIGHT =
      Set.of("LEFT OUTER", "FULL OUTER", "LEFT SEMI", "LEFT ANTI");

  private StreamingPlanCheck() {}

  /** The first problem with this streaming source, as "what is wrong; how to fix it". */
  static Optional<String> problem(Dataset<Row> source) {
    if (!(source instanceof org.apache.spark.sql.classic.Dataset<Row> classic)) {
      return Optional.empty();
    }
    return problem(classic.queryExecution().analyzed());
  }

  static Optional<String> problem(LogicalPlan plan) {
    for (LogicalPlan child : children(plan)) {
      Optional<String> below = problem(child);
      if (below.isPresent()) {
        return below;
      }
    }
    if (plan instanceof Aggregate aggregate && aggregate.isStreaming()) {
      if (hasDistinctAggregate(aggregate)) {
        return Optional.of(
            "COUNT(DISTINCT ...) on a stream is not supported: use approx_count_distinct(...),"
                + " or deduplicate first with dropDuplicatesWithinWatermark and then count, or"
                + " make the dataset a materialized view");
      }
      if (!hasWatermark(aggregate.child())) {
        return Optional.of(
            "aggregation on a stream without a watermark keeps its state forever and never"
                + " emits in append mode: add .withWatermark(\"event_time\", \"10 minutes\") and"
                + " group by window(event_time, ...), or make the dataset a materialized view");
      }
    }
    if (plan instanceof Join join && join.left().isStreaming() != join.right().isStreaming()) {
      String type = join.joinType().sql();
      if (join.left().isStreaming() && UNSUPPORTED_STREAM_LEFT.contains(type)) {
        return Optional.of(
            type
                + " join of a stream (left) with a static table (right) is not supported: keep the"
                + " stream on the left and use a LEFT OUTER or INNER join");
      }
      if (join.right().isStreaming() && UNSUPPORTED_STREAM_RIGHT.contains(type)) {
        return Optional.of(
            type
                + " join of a static table (left) with a stream (right) is not supported: swap"
                + " the sides, stream.join(static, condition, \"left_outer\")");
      }
    }
    return Optional.empty();
  }

  private static boolean hasWatermark(LogicalPlan plan) {
    if (plan instanceof EventTimeWatermark) {
      return true;
    }
    return children(plan).stream().anyMatch(StreamingPlanCheck::hasWatermark);
  }

  private static boolean hasDistinctAggregate(Aggregate aggregate) {
    List<Expression> pending = new ArrayList<>();
    // NamedExpression is a Scala trait whose instances are always Expressions.
    CollectionConverters.asJava(aggregate.aggregateExpressions())
        .forEach(named -> pending.add((Expression) (Object) named));
    while (!pending.isEmpty()) {
      Expression e = pending.remove(pending.size() - 1);
      if (e instanceof AggregateExpression a && a.isDistinct()) {
        return true;
      }
      pending.addAll(CollectionConverters.asJava(e.children()));
    }
    return false;
  }

  private static List<LogicalPlan> children(LogicalPlan plan) {
    return CollectionConverters.asJava(plan.children());
  }
}
