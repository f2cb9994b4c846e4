package io.clickflow.monitoring;

import static io.clickflow.monitoring.FlowProgressFixtures.T0;
import static io.clickflow.monitoring.FlowProgressFixtures.expectation;
import static io.clickflow.monitoring.FlowProgressFixtures.flow;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PipelineMetricsTest {

  private final SimpleMeterRegistry registry =
      new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());
  private final PipelineMetrics metrics = new PipelineMetrics();

  private final FlowProgress silverBatch0 =
      flow("silver_events")
          .at(T0)
          .batch(0)
          .rows(1_000, 960)
          .durationMs(4_000)
          .dropped(30)
          .late(5)
          .expectations(
              expectation("silver_events", "valid_event_id", "DROP", 970, 30),
              expectation("silver_events", "known_event_type", "WARN", 995, 5))
          .maxEventTime(T0.minusSeconds(20))
          .build();
  private final FlowProgress silverBatch1 =
      flow("silver_events")
          .at(T0.plusSeconds(60))
          .batch(1)
          .rows(500, 490)
          .durationMs(2_500)
          .dropped(10)
          .late(1)
          .expectations(
              expectation("silver_events", "valid_event_id", "DROP", 490, 10),
              expectation("silver_events", "known_event_type", "WARN", 500, 0))
          .maxEventTime(T0.plusSeconds(30))
          .build();
  private final FlowProgress bronzeBatch0 =
      flow("bronze_events")
          .at(T0.minusSeconds(10))
          .batch(0)
          .rows(1_002, 1_002)
          .rescued(7)
          .corrupt(2)
          .build();

  @BeforeEach
  void bind() {
    metrics.bindTo(registry);
  }

  @Test
  void sumsCountsOverAllBatchesPerDataset() {
    metrics.onReadSucceeded(List.of(silverBatch0, silverBatch1, bronzeBatch0));

    assertThat(counter("clickflow.flow.input.rows", "dataset", "silver_events")).isEqualTo(1_500);
    assertThat(counter("clickflow.flow.output.rows", "dataset", "silver_events")).isEqualTo(1_450);
    assertThat(counter("clickflow.flow.output.rows", "dataset", "bronze_events")).isEqualTo(1_002);
    assertThat(counter("clickflow.late.events", "dataset", "silver_events")).isEqualTo(6);
    assertThat(counter("clickflow.rescued.records", "dataset", "bronze_events")).isEqualTo(7);
    assertThat(counter("clickflow.corrupt.records", "dataset", "bronze_events")).isEqualTo(2);
  }

  @Test
  void passedFailedAndDroppedAreSeparateSeries() {
    metrics.onReadSucceeded(List.of(silverBatch0, silverBatch1));

    assertThat(
            registry
                .get("clickflow.expectation.passed.records")
                .tags("dataset", "silver_events", "expectation", "valid_event_id")
                .functionCounter()
                .count())
        .isEqualTo(1_460);
    assertThat(
            registry
                .get("clickflow.expectation.failed.records")
                .tags("dataset", "silver_events", "expectation", "valid_event_id", "action", "DROP")
                .functionCounter()
                .count())
        .isEqualTo(40);
    assertThat(
            registry
                .get("clickflow.expectation.failed.records")
                .tags("expectation", "known_event_type", "action", "WARN")
                .functionCounter()
                .count())
        .isEqualTo(5);
    assertThat(counter("clickflow.dropped.records", "dataset", "silver_events")).isEqualTo(40);
    assertThat(registry.getMeters())
        .allSatisfy(meter -> assertThat(meter.getId().getTag("outcome")).isNull());
  }

  @Test
  void gaugesFollowTheNewestBatch() {
    metrics.onReadSucceeded(List.of(silverBatch1, silverBatch0, bronzeBatch0));

    assertThat(gauge("clickflow.flow.batch.duration", "silver_events")).isEqualTo(2.5);
    assertThat(gauge("clickflow.dataset.last.event.timestamp", "silver_events"))
        .isEqualTo(T0.plusSeconds(30).getEpochSecond());
    assertThat(registry.get("clickflow.pipeline.last.success.timestamp").gauge().value())
        .isEqualTo(T0.plusSeconds(60).getEpochSecond());
  }

  @Test
  void datasetWithoutEventTimeHasNoFreshnessSeries() {
    metrics.onReadSucceeded(List.of(bronzeBatch0));

    assertThat(
            registry
                .find("clickflow.dataset.last.event.timestamp")
                .tag("dataset", "bronze_events")
                .gauge())
        .isNull();
  }

  @Test
  void emptyLogPublishesOnlyExporterHealth() {
    metrics.onReadSucceeded(List.of());

    assertThat(registry.getMeters())
        .extracting(meter -> meter.getId().getName())
        .containsExactlyInAnyOrder("clickflow.exporter.up", "clickflow.exporter.errors");
    assertThat(registry.get("clickflow.exporter.up").gauge().value()).isEqualTo(1);
  }

  @Test
  void countersOnlyGrowAsTheLogGrows() {
    List<FlowProgress> log = new ArrayList<>(List.of(silverBatch0));
    metrics.onReadSucceeded(log);
    double before = counter("clickflow.flow.output.rows", "dataset", "silver_events");

    log.add(silverBatch1);
    metrics.onReadSucceeded(log);

    assertThat(counter("clickflow.flow.output.rows", "dataset", "silver_events"))
        .isEqualTo(before + silverBatch1.outputRows());
  }

  @Test
  void datasetAppearingLaterGetsItsOwnSeries() {
    metrics.onReadSucceeded(List.of(silverBatch0));
    assertThat(
            registry
                .find("clickflow.flow.output.rows")
                .tag("dataset", "gold_fact_events")
                .functionCounter())
        .isNull();

    metrics.onReadSucceeded(List.of(silverBatch0, flow("gold_fact_events").rows(960, 960).build()));

    assertThat(counter("clickflow.flow.output.rows", "dataset", "gold_fact_events")).isEqualTo(960);
    assertThat(counter("clickflow.flow.output.rows", "dataset", "silver_events")).isEqualTo(960);
  }

  @Test
  void failedReadKeepsValuesAndMarksTheExporterDown() {
    metrics.onReadSucceeded(List.of(silverBatch0));

    metrics.onReadFailed();
    metrics.onReadFailed();

    assertThat(registry.get("clickflow.exporter.up").gauge().value()).isZero();
    assertThat(registry.get("clickflow.exporter.errors").functionCounter().count()).isEqualTo(2);
    assertThat(counter("clickflow.flow.output.rows", "dataset", "silver_events")).isEqualTo(960);
  }

  @Test
  void registryBoundAfterAReadSeesExistingSeries() {
    metrics.onReadSucceeded(List.of(silverBatch0));
    SimpleMeterRegistry late = new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());

    metrics.bindTo(late);

    assertThat(late.get("clickflow.flow.output.rows").functionCounter().count()).isEqualTo(960);
  }

  private double counter(String name, String tagKey, String tagValue) {
    return registry.get(name).tag(tagKey, tagValue).functionCounter().count();
  }

  private double gauge(String name, String dataset) {
    return registry.get(name).tag("dataset", dataset).gauge().value();
  }
}
