package io.clickflow.pipeline.runtime;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickflow.contract.EventLog;
import io.clickflow.contract.LakehouseLayout;
import io.clickflow.pipeline.LandingFixture;
import io.clickflow.pipeline.SharedSpark;
import io.clickflow.pipeline.bronze.BronzeEvents;
import io.clickflow.pipeline.graph.DatasetGraph.TagMode;
import io.clickflow.pipeline.graph.DatasetKind;
import io.clickflow.pipeline.graph.DatasetSpec;
import io.clickflow.pipeline.graph.Expectation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A FAIL expectation stops its flow with the rule's name and leaves a FAILED event log row. */
class FailedFlowTest {

  @TempDir Path dir;

  /** Reads Bronze and insists on a rule no event meets. */
  private static final class StrictEvents implements StreamingTableDefinition {
    static final Expectation RULE = Expectation.fail("only_purchases", "event_type = 'purchase'");

    @Override
    public DatasetSpec spec() {
      return new DatasetSpec(
          "strict_events",
          DatasetKind.STREAMING_TABLE,
          "silver",
          Set.of("strict"),
          Set.of(BronzeEvents.NAME),
          List.of(RULE),
          "",
          Map.of());
    }

    @Override
    public Dataset<Row> source(PipelineContext ctx) {
      return ctx.store().readStream(BronzeEvents.NAME).select("event_id", "event_type");
    }

    @Override
    public void writeBatch(Dataset<Row> batch, long batchId, PipelineContext ctx) {
      new ExpectationCheck("strict_events", List.of(RULE), "event_id", "event_id").failFast(batch);
      throw new AssertionError("the FAIL rule should have stopped the batch");
    }

    @Override
    public BatchOutcome outcome(ObservedMetrics observed) {
      return BatchOutcome.rows(0, 0, null);
    }
  }

  @Test
  void theFlowStopsNamingTheRuleAndTheEventLogSaysFailed() {
    new LandingFixture(dir.resolve("landing"))
        .add(
            LandingFixture.event(
                "u1", "page_view", Instant.parse("2026-11-22T10:00:00Z"), "free", "DE"))
        .publish();
    var spark = SharedSpark.session();
    TableStore store =
        new DeltaPathTableStore(spark, new LakehouseLayout(dir.resolve("lake").toString()));
    PipelineRunner runner =
        LocalRunner.of(dir, store, List.of(new BronzeEvents(), new StrictEvents()));

    assertThatThrownBy(
            () ->
                runner.run(
                    new RunOptions(
                        "r1", Set.of(), TagMode.ANY, Set.of(), false, Duration.ofSeconds(1))))
        .isInstanceOf(FlowFailedException.class)
        .hasMessageContaining("flow strict_events failed")
        .hasMessageContaining("expectation only_purchases (FAIL)");

    List<Row> log = store.read(EventLog.TABLE).orderBy(EventLog.TIMESTAMP).collectAsList();
    assertThat(log)
        .extracting(r -> r.<String>getAs(EventLog.DATASET) + ":" + r.<String>getAs(EventLog.STATUS))
        .containsExactly("bronze_events:COMPLETED", "strict_events:FAILED");
    assertThat(store.exists("strict_events")).isFalse();
    assertThat(store.read(EventLog.TABLE).filter(col(EventLog.STATUS).equalTo("FAILED")).count())
        .isEqualTo(1);
  }
}
