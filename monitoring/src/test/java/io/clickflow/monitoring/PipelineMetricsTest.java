package io.clickflow.monitoring;

import static io.clickflow.monitoring.FlowProgressFixtures.T0;
import static io.clickflow.monitoring.FlowProgressFixtures.expectation;
import static io.clickflow.monitoring.FlowProgressFixtures.flow;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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

  private static final Map<String, DatasetFacts> LAYERS =
      Map.of(
          "bronze_events", facts("bronze", false),
          "silver_events", facts("silver", true),
          "fact_events", facts("gold", false));

  private final FlowProgress goldBatch0 =
      flow("fact_events")
          .at(T0.plusSeconds(120))
          .batch(0)
          .rows(950, 950)
          .maxEventTime(T0.plusSeconds(30))
          .build();
  private final FlowProgress goldBatch1 =
      flow("fact_events")
          .at(T0.plusSeconds(3_600))
          .batch(1)
          .rows(480, 480)
          .maxEventTime(T0.plusSeconds(3_590))
          .build();

  @Test
  void endToEndLatencyObservesEachGoldBatchOnce() {
    metrics.onReadSucceeded(List.of(silverBatch0, goldBatch0), LAYERS);
    metrics.onReadSucceeded(List.of(silverBatch0, goldBatch0, goldBatch1), LAYERS);

    Timer latency =
        registry.get("clickflow.end.to.end.latency").tag("dataset", "fact_events").timer();
    assertThat(latency.count()).isEqualTo(2);
    assertThat(latency.totalTime(TimeUnit.SECONDS)).isEqualTo(90 + 10);
    assertThat(
            registry.find("clickflow.end.to.end.latency").tag("dataset", "silver_events").timer())
        .as("silver is not gold, whatever its event times")
        .isNull();
  }

  @Test
  void endToEndLatencyBucketsSpanSecondsToHours() {
    metrics.onReadSucceeded(List.of(goldBatch0, goldBatch1), LAYERS);

    HistogramSnapshot snapshot =
        registry.get("clickflow.end.to.end.latency").timer().takeSnapshot();

    assertThat(snapshot.histogramCounts())
        .extracting(c -> c.bucket(TimeUnit.SECONDS))
        .containsExactly(
            1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1_800.0, 3_600.0, 7_200.0,
            21_600.0, 43_200.0, 86_400.0);
    assertThat(snapshot.histogramCounts())
        .filteredOn(c -> c.bucket(TimeUnit.SECONDS) == 15.0)
        .singleElement()
        .extracting(c -> c.count())
        .isEqualTo(1.0);
  }

  @Test
  void endToEndLatencySurvivesARestartAndALateLayer() {
    List<FlowProgress> log = List.of(goldBatch0, goldBatch1);
    metrics.onReadSucceeded(log, LAYERS);
    Timer before = registry.get("clickflow.end.to.end.latency").timer();

    SimpleMeterRegistry restarted = new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());
    PipelineMetrics again = new PipelineMetrics();
    again.bindTo(restarted);
    again.onReadSucceeded(log);
    assertThat(restarted.find("clickflow.end.to.end.latency").timer())
        .as("no layer known yet, so no batch is known to be gold")
        .isNull();
    again.onReadSucceeded(log, LAYERS);

    Timer after = restarted.get("clickflow.end.to.end.latency").timer();
    assertThat(after.count()).isEqualTo(before.count());
    assertThat(after.totalTime(TimeUnit.SECONDS)).isEqualTo(before.totalTime(TimeUnit.SECONDS));
  }

  @Test
  void goldRowsOfKnownGroupsAreObservedOnceTheLayerIsKnownAndNotAgainAfterACompaction() {
    List<FlowProgress> file1 = List.of(goldBatch0);
    List<FlowProgress> file2 = List.of(goldBatch1);
    EventLogSummary summary = EventLogSummary.of(List.of(goldBatch0, goldBatch1));

    metrics.onReadSucceeded(summary, List.of(file1, file2), Map.of());
    assertThat(registry.find("clickflow.end.to.end.latency").timer()).isNull();
    metrics.onReadSucceeded(summary, List.of(file1, file2), LAYERS);
    metrics.onReadSucceeded(summary, List.of(file1, file2), LAYERS);
    metrics.onReadSucceeded(summary, List.of(List.of(goldBatch0, goldBatch1)), LAYERS);

    assertThat(registry.get("clickflow.end.to.end.latency").timer().count()).isEqualTo(2);
  }

  @Test
  void endToEndLatencySkipsFailedBatchesAndClampsClockSkewToZero() {
    FlowProgress failed =
        flow("fact_events").at(T0).batch(2).maxEventTime(T0.minusSeconds(100)).failed().build();
    FlowProgress skewed =
        flow("fact_events").at(T0).batch(3).maxEventTime(T0.plusSeconds(5)).build();

    metrics.onReadSucceeded(List.of(failed, skewed), LAYERS);

    Timer latency = registry.get("clickflow.end.to.end.latency").timer();
    assertThat(latency.count()).isEqualTo(1);
    assertThat(latency.totalTime(TimeUnit.SECONDS)).isZero();
  }

  @Test
  void registryBoundLaterSeesTheLatencyHistory() {
    metrics.onReadSucceeded(List.of(goldBatch0, goldBatch1), LAYERS);
    SimpleMeterRegistry late = new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());

    metrics.bindTo(late);

    assertThat(late.get("clickflow.end.to.end.latency").timer().count()).isEqualTo(2);
  }

  @Test
  void datasetInfoLabelsEachDatasetWithItsLayer() {
    metrics.onReadSucceeded(
        List.of(silverBatch0, bronzeBatch0, goldBatch0),
        Map.of(
            "bronze_events", facts("bronze", false),
            "fact_events", facts("gold", false),
            "silver_events", DatasetFacts.UNKNOWN));

    assertThat(registry.find("clickflow.dataset.info").gauges())
        .extracting(g -> g.getId().getTag("dataset") + "=" + g.getId().getTag("layer"))
        .containsExactlyInAnyOrder("bronze_events=bronze", "fact_events=gold");
    assertThat(registry.find("clickflow.dataset.info").gauges())
        .allSatisfy(g -> assertThat(g.value()).isEqualTo(1));
  }

  @Test
  void quarantinedRecordsAreTheDroppedRecordsOfDatasetsWithAQuarantine() {
    metrics.onReadSucceeded(List.of(silverBatch0, silverBatch1, goldBatch0), LAYERS);

    assertThat(counter("clickflow.quarantined.records", "dataset", "silver_events")).isEqualTo(40);
    assertThat(registry.find("clickflow.quarantined.records").functionCounters())
        .as("only datasets with a quarantine table")
        .hasSize(1);
  }

  @Test
  void lastRunStateHasASeriesPerStateAndOneForTheNewestRun() {
    FlowProgress run2 = flow("silver_events").at(T0.plusSeconds(900)).run("run-2").build();
    FlowProgress run2Failed =
        flow("fact_events").at(T0.plusSeconds(910)).run("run-2").failed().build();

    metrics.onReadSucceeded(List.of(silverBatch0, run2));
    assertThat(runState("succeeded")).isEqualTo(1);
    assertThat(runState("failed")).isZero();

    metrics.onReadSucceeded(List.of(silverBatch0, run2, run2Failed));
    assertThat(runState("succeeded")).isZero();
    assertThat(runState("failed")).isEqualTo(1);
    assertThat(registry.get("clickflow.pipeline.last.success.timestamp").gauge().value())
        .as("a failed batch is no success")
        .isEqualTo(T0.plusSeconds(900).getEpochSecond());
  }

  @Test
  void theNewestFinishedJobRunSetsTheStateOverTheEventLog() {
    metrics.onReadSucceeded(List.of(silverBatch0));
    assertThat(runState("succeeded")).isEqualTo(1);

    metrics.onRunsRead(history(EventLogSummary.RunState.FAILED, T0.plusSeconds(900), null));

    assertThat(runState("succeeded")).isZero();
    assertThat(runState("failed")).isEqualTo(1);
  }

  @Test
  void lastSuccessIsTheLaterOfTheNewestBatchAndTheNewestSuccessfulRun() {
    metrics.onReadSucceeded(List.of(silverBatch0));
    metrics.onRunsRead(
        history(EventLogSummary.RunState.SUCCEEDED, T0.plusSeconds(300), T0.plusSeconds(300)));
    assertThat(lastSuccess())
        .as("a run that wrote nothing still succeeded")
        .isEqualTo(T0.getEpochSecond() + 300);

    metrics.onReadSucceeded(List.of(silverBatch0, silverBatch1));
    metrics.onRunsRead(
        history(EventLogSummary.RunState.SUCCEEDED, T0.minusSeconds(60), T0.minusSeconds(60)));
    assertThat(lastSuccess())
        .as("a continuous run that has not ended yet keeps committing batches")
        .isEqualTo(T0.getEpochSecond() + 60);
  }

  @Test
  void runDurationIsPublishedOnlyWhereASchedulerReportsRuns() {
    metrics.onReadSucceeded(List.of(silverBatch0));
    assertThat(registry.find("clickflow.pipeline.last.run.duration").gauge()).isNull();

    metrics.onRunsRead(history(EventLogSummary.RunState.FAILED, T0, null));

    assertThat(registry.get("clickflow.pipeline.last.run.duration").gauge().value())
        .isEqualTo(125.5);
  }

  @Test
  void runsAloneRegisterTheRunSeriesBeforeTheLogHasRows() {
    metrics.onRunsRead(history(EventLogSummary.RunState.SUCCEEDED, T0, T0));
    metrics.onReadSucceeded(List.of());

    assertThat(runState("succeeded")).isEqualTo(1);
    assertThat(lastSuccess()).isEqualTo(T0.getEpochSecond());
  }

  private static PipelineRunHistory history(
      EventLogSummary.RunState state, Instant end, Instant lastSuccess) {
    return new PipelineRunHistory(
        Optional.of(
            new PipelineRunHistory.FinishedRun("4711", state, end, Duration.ofMillis(125_500))),
        Optional.ofNullable(lastSuccess));
  }

  private double lastSuccess() {
    return registry.get("clickflow.pipeline.last.success.timestamp").gauge().value();
  }

  private double runState(String state) {
    return registry.get("clickflow.pipeline.last.run.state").tag("state", state).gauge().value();
  }

  private static DatasetFacts facts(String layer, boolean hasQuarantine) {
    return new DatasetFacts(Optional.of(layer), hasQuarantine);
  }

  private double counter(String name, String tagKey, String tagValue) {
    return registry.get(name).tag(tagKey, tagValue).functionCounter().count();
  }

  private double gauge(String name, String dataset) {
    return registry.get(name).tag("dataset", dataset).gauge().value();
  }
}
