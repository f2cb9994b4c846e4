package io.clickflow.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

  private final ManualClock clock = new ManualClock(TestClocks.NOW);
  private final ProducerMetrics metrics = new ProducerMetrics();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final StringWriter err = new StringWriter();

  private ConsoleProgress progress(boolean terminal, boolean live, long total, Duration interval) {
    return new ConsoleProgress(
        new PrintWriter(err), terminal, live, total, interval, clock, metrics, registry);
  }

  @Test
  void theTerminalLineShowsEventsRateFilesRetriesAndErrors() {
    registry.counter(ConsoleProgress.RETRIES).increment(3);
    metrics.recordPublished(100, 1_000);
    metrics.recordPublished(100, 1_000);
    ConsoleProgress progress = progress(true, false, 10_000, Duration.ofSeconds(10));

    assertThat(progress.terminalLine(2_500, 10_000, 1234.4))
        .isEqualTo("produce: 2500/10000 events (25%), 1234 events/s, 2 files, 3 retries, 0 errors");
    assertThat(progress.terminalLine(2_500, ProducerConfig.UNLIMITED_EVENTS, 50))
        .isEqualTo("produce: 2500 events, 50 events/s, 2 files, 3 retries, 0 errors");
  }

  @Test
  void retriesAreZeroWhenTheSinkKeepsNoCounter() {
    assertThat(ConsoleProgress.retries(registry)).isZero();
    registry.more().counter(ConsoleProgress.RETRIES, java.util.List.of(), 7.0, Double::doubleValue);
    assertThat(ConsoleProgress.retries(registry)).isEqualTo(7);
  }

  @Test
  void onATerminalTheFinalLineOverwritesTheLiveOneAndEndsIt() {
    ConsoleProgress progress = progress(true, true, 1_000, Duration.ofSeconds(10));
    metrics.recordGenerated(1_000);
    clock.advance(Duration.ofSeconds(2));
    progress.finished(new Progress(1_000, 1_000, 1_000, 1));

    assertThat(err.toString())
        .isEqualTo(
            "\rproduce: 1000/1000 events (100%), 500 events/s, 0 files, 0 retries, 0 errors"
                + System.lineSeparator());
  }

  @Test
  void elsewhereALiveRunPrintsAtMostOneLinePerInterval() {
    ConsoleProgress progress = progress(false, true, 1_000, Duration.ofSeconds(10));
    progress.published(new Progress(150, 1_000, 100, 1));
    clock.advance(Duration.ofSeconds(5));
    progress.published(new Progress(250, 1_000, 200, 2));
    clock.advance(Duration.ofSeconds(5));
    progress.published(new Progress(350, 1_000, 300, 3));

    assertThat(err.toString().lines())
        .containsExactly(
            "produce: published 100 events in 1 files; 150 generated, 0 retries, 0 errors",
            "produce: published 300 events in 3 files; 350 generated, 0 retries, 0 errors");
  }

  @Test
  void elsewhereABatchRunPrintsItsTenthsAndItsEnd() {
    ConsoleProgress progress = progress(false, false, 1_000, Duration.ofSeconds(10));
    progress.generated(new Progress(100, 1_000, 0, 0));
    progress.published(new Progress(100, 1_000, 100, 1));
    progress.finished(new Progress(1_000, 1_000, 1_000, 2));

    assertThat(err.toString().lines())
        .containsExactly(
            "produce: 100/1000 events (10%), 0 files published",
            "produce: 1000/1000 events (100%), 2 files published");
  }
}
