package io.clickflow.pipeline.gold;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;

import io.clickflow.contract.TableConventions;
import io.clickflow.pipeline.graph.DatasetKind;
import io.clickflow.pipeline.graph.DatasetSpec;
import io.clickflow.pipeline.runtime.MaterializedViewDefinition;
import io.clickflow.pipeline.runtime.PipelineContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code mv_daily_active_users}: distinct visitors (signed-in or anonymous) per day. Recomputed in
 * full on each update: distinct counts cannot be maintained by adding batches together.
 */
public final class DailyActiveUsers implements MaterializedViewDefinition {

  public static final String NAME = "mv_daily_active_users";

  @Override
  public DatasetSpec spec() {
    return new DatasetSpec(
        NAME,
        DatasetKind.MATERIALIZED_VIEW,
        "gold",
        Set.of("gold", "mv"),
        Set.of(FactEvents.NAME),
        List.of(),
        "Daily active visitors and events.",
        Map.of(TableConventions.QUALITY_PROPERTY, "gold", "refresh", "full"));
  }

  @Override
  public Dataset<Row> query(PipelineContext ctx) {
    return ctx.store()
        .read(FactEvents.NAME)
        .groupBy(col("event_date"))
        .agg(
            countDistinct(coalesce(col("user_id"), col("anonymous_id"))).as("active_users"),
            countDistinct(col("user_id")).as("signed_in_users"),
            count(lit(1)).as("events"))
        .orderBy(col("event_date"));
  }
}
