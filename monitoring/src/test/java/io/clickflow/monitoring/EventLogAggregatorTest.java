package io.clickflow.monitoring;

import static io.clickflow.monitoring.FlowProgressFixtures.T0;
import static io.clickflow.monitoring.FlowProgressFixtures.flow;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLogAggregatorTest {

  private final List<FlowProgress> run1 = PipelineRuns.run("run-1", T0, 0, 1_000);
  private final List<FlowProgress> run2 = PipelineRuns.run("run-2", T0.plusSeconds(900), 1, 600);
  private final List<FlowProgress> run3 = PipelineRuns.run("run-3", T0.plusSeconds(1800), 2, 300);
  private final EventLogAggregator aggregator = new EventLogAggregator();

  @Test
  void addingGroupsGivesTheSummaryOfAllRows() {
    aggregator.update(List.of(run1));
    aggregator.update(List.of(run1, run2));

    EventLogSummary summary = aggregator.update(List.of(run1, run2, run3));

    assertThat(summary).isEqualTo(EventLogSummary.of(all(run1, run2, run3)));
  }

  @Test
  void unchangedGroupsGiveTheSameSummaryInstance() {
    EventLogSummary first = aggregator.update(List.of(run1, run2));

    assertThat(aggregator.update(List.of(run2, run1))).isSameAs(first);
  }

  @Test
  void aRewrittenGroupReplacesTheOnesItCompacted() {
    aggregator.update(List.of(run1, run2, run3));

    // A compaction rewrites the rows of two files into one new file.
    EventLogSummary compacted = aggregator.update(List.of(all(run1, run2), run3));

    assertThat(compacted).isEqualTo(EventLogSummary.of(all(run1, run2, run3)));
  }

  @Test
  void aReplacedTableStartsOver() {
    aggregator.update(List.of(run1, run2));

    assertThat(aggregator.update(List.of(run3))).isEqualTo(EventLogSummary.of(run3));
    assertThat(aggregator.update(List.of())).isEqualTo(EventLogSummary.EMPTY);
  }

  @Test
  void summariesOfPartsAddUpToTheSummaryOfTheWhole() {
    FlowProgress failed =
        flow("fact_events").at(T0.plusSeconds(2000)).run("run-3").failed().build();
    List<FlowProgress> withFailure = all(run3, List.of(failed));

    EventLogSummary.Builder parts =
        new EventLogSummary.Builder()
            .add(new EventLogSummary.Builder().addRows(run2))
            .add(new EventLogSummary.Builder().addRows(withFailure))
            .add(new EventLogSummary.Builder().addRows(run1));

    assertThat(parts.build()).isEqualTo(EventLogSummary.of(all(run1, run2, withFailure)));
    assertThat(parts.build().lastRun())
        .hasValue(new EventLogSummary.LastRun("run-3", EventLogSummary.RunState.FAILED));
  }

  @SafeVarargs
  private static List<FlowProgress> all(List<FlowProgress>... groups) {
    List<FlowProgress> rows = new ArrayList<>();
    for (List<FlowProgress> group : groups) {
      rows.addAll(group);
    }
    return List.copyOf(rows);
  }
}
