package io.clickflow.monitoring;

import static io.clickflow.monitoring.FlowProgressFixtures.T0;
import static io.clickflow.monitoring.FlowProgressFixtures.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
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
          public List<FlowProgress> readAll() throws EventLogReadException {
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
          public List<FlowProgress> readAll() {
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
  void rejectsNegativeInterval() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new MetricsRefresher(
                    new InMemoryEventLogSource(), metrics, clock, Duration.ofSeconds(-1)))
        .withMessageContaining("minInterval");
  }
}
