package io.clickflow.monitoring;

import static io.clickflow.monitoring.FlowProgressFixtures.T0;
import static io.clickflow.monitoring.FlowProgressFixtures.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.clickflow.monitoring.PipelineRunHistory.FinishedRun;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MetricsRefresherTest {

  private final MutableClock clock = new MutableClock(T0);
  private final SimpleMeterRegistry registry =
      new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());
  private final PipelineMetrics metrics = new PipelineMetrics();

  MetricsRefresherTest() {
    metrics.bindTo(registry);
  }

  @Test
  void readsAtMostOncePerInterval() {
    InMemoryEventLogSource source = new InMemoryEventLogSource();
    MetricsRefresher refresher =
        new MetricsRefresher(source, metrics, clock, Duration.ofSeconds(5));

    refresher.refreshIfDue();
    clock.advance(Duration.ofSeconds(4));
    refresher.refreshIfDue();
    assertThat(source.reads()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    refresher.refreshIfDue();
    assertThat(source.reads()).isEqualTo(2);
  }

  @Test
  void publishesWhatTheSourceReturns() {
    InMemoryEventLogSource source = new InMemoryEventLogSource();
    source.append(List.of(flow("silver_events").rows(10, 9).build()));
    MetricsRefresher refresher = new MetricsRefresher(source, metrics, clock, Duration.ZERO);

    refresher.refreshIfDue();

    assertThat(registry.get("clickflow.flow.output.rows").functionCounter().count()).isEqualTo(9);
    assertThat(registry.get("clickflow.exporter.up").gauge().value()).isEqualTo(1);
  }

  @Test
  void failedReadIsCountedAndDoesNotPropagate() {
    EventLogSource broken =
        new StrictEventLogSource() {
          @Override
          public List<List<FlowProgress>> readGroups() throws EventLogReadException {
            throw new EventLogReadException("/lake/tables/event_log", "disk on fire", null);
          }
        };
    MetricsRefresher refresher = new MetricsRefresher(broken, metrics, clock, Duration.ZERO);

    refresher.refreshIfDue();

    assertThat(registry.get("clickflow.exporter.up").gauge().value()).isZero();
    assertThat(registry.get("clickflow.exporter.errors").functionCounter().count()).isEqualTo(1);
  }

  @Test
  void sourceBreakingItsContractIsReportedAsAReadFailure() {
    EventLogSource buggy =
        new StrictEventLogSource() {
          @Override
          public List<List<FlowProgress>> readGroups() {
            throw new IllegalStateException("bug");
          }

          @Override
          public String location() {
            return "/lake/tables/event_log";
          }
        };
    MetricsRefresher refresher = new MetricsRefresher(buggy, metrics, clock, Duration.ZERO);

    assertThatThrownBy(refresher::refreshNow)
        .isInstanceOf(EventLogReadException.class)
        .hasMessageContaining("/lake/tables/event_log")
        .hasMessageContaining("bug");
    assertThat(registry.get("clickflow.exporter.errors").functionCounter().count()).isEqualTo(1);
  }

  @Test
  void publishesLayersAndQuarantinesFromTheCatalog() {
    InMemoryEventLogSource source = new InMemoryEventLogSource();
    source.append(
        List.of(
            flow("silver_events").rows(10, 8).dropped(2).build(),
            flow("fact_events").rows(8, 8).build()));
    InMemoryDatasetCatalog catalog =
        new InMemoryDatasetCatalog()
            .table("silver_events", "silver")
            .table("fact_events", "gold")
            .quarantine("silver_events");
    MetricsRefresher refresher =
        new MetricsRefresher(source, catalog, metrics, clock, Duration.ZERO);

    refresher.refreshIfDue();

    assertThat(registry.get("clickflow.dataset.info").tag("layer", "gold").gauge().value())
        .isEqualTo(1);
    assertThat(
            registry
                .get("clickflow.quarantined.records")
                .tag("dataset", "silver_events")
                .functionCounter()
                .count())
        .isEqualTo(2);
  }

  @Test
  void failedCatalogLookupIsCountedButKeepsTheExporterUp() {
    InMemoryEventLogSource source = new InMemoryEventLogSource();
    source.append(List.of(flow("fact_events").rows(8, 8).build()));
    DatasetCatalog broken =
        new StrictDatasetCatalog() {
          @Override
          public Optional<String> layer(String dataset) throws DatasetCatalogException {
            throw new DatasetCatalogException("/lake/tables/" + dataset, "disk on fire", null);
          }
        };
    MetricsRefresher refresher =
        new MetricsRefresher(source, broken, metrics, clock, Duration.ZERO);

    refresher.refreshIfDue();

    assertThat(registry.get("clickflow.exporter.up").gauge().value()).isEqualTo(1);
    assertThat(registry.get("clickflow.exporter.errors").functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("clickflow.flow.output.rows").functionCounter().count()).isEqualTo(8);
    assertThat(registry.find("clickflow.dataset.info").gauge()).isNull();
  }

  @Test
  void theSchedulersRunsSetTheRunStateAndTheLogTheRest() throws Exception {
    InMemoryEventLogSource source = new InMemoryEventLogSource();
    source.append(List.of(flow("fact_events").at(T0).rows(8, 8).build()));
    InMemoryPipelineRunSource runs =
        new InMemoryPipelineRunSource()
            .history(
                new PipelineRunHistory(
                    Optional.of(
                        new FinishedRun(
                            "77",
                            EventLogSummary.RunState.FAILED,
                            T0.plusSeconds(60),
                            Duration.ofMinutes(3))),
                    Optional.of(T0.minusSeconds(600))));
    MetricsRefresher refresher =
        new MetricsRefresher(source, DatasetCatalog.NONE, runs, metrics, clock, Duration.ZERO);

    refresher.refreshNow();

    assertThat(runState("failed")).isEqualTo(1);
    assertThat(runState("succeeded")).isZero();
    assertThat(registry.get("clickflow.pipeline.last.success.timestamp").gauge().value())
        .as("the committed batch is later than the last successful run")
        .isEqualTo(T0.getEpochSecond());
    assertThat(registry.get("clickflow.pipeline.last.run.duration").gauge().value()).isEqualTo(180);
    assertThat(registry.get("clickflow.flow.output.rows").functionCounter().count()).isEqualTo(8);
    assertThat(registry.get("clickflow.exporter.up").gauge().value()).isEqualTo(1);
  }

  @Test
  void unreadableRunsMarkTheExporterDownButTheLogIsStillPublished() {
    InMemoryEventLogSource source = new InMemoryEventLogSource();
    source.append(List.of(flow("fact_events").rows(8, 8).build()));
    InMemoryPipelineRunSource runs = new InMemoryPipelineRunSource().failWith("403 refused");
    MetricsRefresher refresher =
        new MetricsRefresher(source, DatasetCatalog.NONE, runs, metrics, clock, Duration.ZERO);

    assertThatThrownBy(refresher::refreshNow)
        .isInstanceOf(PipelineRunReadException.class)
        .hasMessage("read pipeline runs of memory:job: 403 refused");
    assertThat(registry.get("clickflow.exporter.up").gauge().value()).isZero();
    assertThat(registry.get("clickflow.exporter.errors").functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("clickflow.flow.output.rows").functionCounter().count()).isEqualTo(8);

    runs.history(PipelineRunHistory.NONE);
    refresher.refreshIfDue();

    assertThat(registry.get("clickflow.exporter.up").gauge().value()).isEqualTo(1);
    assertThat(registry.get("clickflow.exporter.errors").functionCounter().count()).isEqualTo(1);
  }

  @Test
  void aRunSourceBreakingItsContractIsReportedAsAReadFailure() {
    PipelineRunSource buggy =
        new PipelineRunSource() {
          @Override
          public PipelineRunHistory read() {
            throw new IllegalStateException("bug");
          }

          @Override
          public String location() {
            return "job 11";
          }
        };
    MetricsRefresher refresher =
        new MetricsRefresher(
            new InMemoryEventLogSource(),
            DatasetCatalog.NONE,
            buggy,
            metrics,
            clock,
            Duration.ZERO);

    refresher.refreshIfDue();

    assertThat(registry.get("clickflow.exporter.up").gauge().value()).isZero();
    assertThat(registry.get("clickflow.exporter.errors").functionCounter().count()).isEqualTo(1);
  }

  private double runState(String state) {
    return registry.get("clickflow.pipeline.last.run.state").tag("state", state).gauge().value();
  }

  @Test
  void backgroundRefreshReadsUntilClosed() throws Exception {
    InMemoryEventLogSource source = new InMemoryEventLogSource();
    MetricsRefresher refresher =
        new MetricsRefresher(source, metrics, Clock.systemUTC(), Duration.ofMillis(20));

    try (AutoCloseable background = refresher.refreshInBackground()) {
      source.append(List.of(flow("silver_events").rows(10, 9).build()));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> registry.find("clickflow.flow.output.rows").functionCounter() != null);
    }
    int reads = source.reads();
    Thread.sleep(200);

    assertThat(source.reads()).as("no read after close").isLessThanOrEqualTo(reads + 1);
  }

  @Test
  void backgroundRefreshSurvivesABug() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    EventLogSource buggy =
        new StrictEventLogSource() {
          @Override
          public List<List<FlowProgress>> readGroups() {
            reads.incrementAndGet();
            throw new IllegalStateException("bug");
          }

          @Override
          public String location() {
            return "/lake/tables/event_log";
          }
        };
    MetricsRefresher refresher =
        new MetricsRefresher(buggy, metrics, Clock.systemUTC(), Duration.ofMillis(10));

    try (AutoCloseable background = refresher.refreshInBackground()) {
      await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() >= 3);
    }
  }

  @Test
  void backgroundRefreshNeedsAnInterval() {
    MetricsRefresher refresher =
        new MetricsRefresher(new InMemoryEventLogSource(), metrics, clock, Duration.ZERO);

    assertThatThrownBy(refresher::refreshInBackground)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("interval");
  }

  @Test
  void rejectsNegativeInterval() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new MetricsRefresher(
                    new InMemoryEventLogSource(), metrics, clock, Duration.ofSeconds(-1)))
        .withMessageContaining("minInterval");
  }
}
