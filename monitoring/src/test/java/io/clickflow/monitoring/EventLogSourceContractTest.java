package io.clickflow.monitoring;

import static io.clickflow.monitoring.FlowProgressFixtures.T0;
import static io.clickflow.monitoring.FlowProgressFixtures.expectation;
import static io.clickflow.monitoring.FlowProgressFixtures.flow;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventLogSource} must do, run against the in-memory fake and the Delta Kernel
 * source alike.
 */
abstract class EventLogSourceContractTest {

  /** A source plus a way to append to the log it reads. */
  interface Fixture {
    EventLogSource source();

    void append(List<FlowProgress> rows);
  }

  /** A fixture whose event log does not exist yet; the first append creates it. */
  abstract Fixture newFixture();

  static final FlowProgress BRONZE =
      flow("bronze_events")
          .at(T0)
          .batch(0)
          .rows(1_000, 1_000)
          .rescued(7)
          .corrupt(2)
          .backlogFiles(3L)
          .maxEventTime(T0.minusSeconds(30))
          .build();

  static final FlowProgress SILVER =
      flow("silver_events")
          .at(T0.plusMillis(1_500))
          .batch(0)
          .rows(1_000, 960)
          .durationMs(2_345)
          .dropped(30)
          .late(10)
          .expectations(
              expectation("silver_events", "valid_event_id", "DROP", 970, 30),
              expectation("silver_events", "known_event_type", "WARN", 990, 10))
          .watermark(T0.minus(Duration.ofMinutes(10)))
          // Delta keeps microseconds; the reader must not truncate them.
          .maxEventTime(T0.minusSeconds(5).plusNanos(123_456_000))
          .build();

  @Test
  void missingEventLogReadsAsEmpty() throws Exception {
    assertThat(newFixture().source().readAll()).isEmpty();
  }

  @Test
  void returnsEveryRowWithAllFields() throws Exception {
    Fixture fixture = newFixture();
    fixture.append(List.of(BRONZE, SILVER));

    assertThat(fixture.source().readAll()).containsExactlyInAnyOrder(BRONZE, SILVER);
  }

  @Test
  void seesRowsAppendedAfterAnEarlierRead() throws Exception {
    Fixture fixture = newFixture();
    fixture.append(List.of(BRONZE));
    EventLogSource source = fixture.source();
    assertThat(source.readAll()).containsExactly(BRONZE);

    fixture.append(List.of(SILVER));

    assertThat(source.readAll()).containsExactlyInAnyOrder(BRONZE, SILVER);
  }

  @Test
  void rereadingAnUnchangedLogReturnsTheSameRows() throws Exception {
    Fixture fixture = newFixture();
    fixture.append(List.of(BRONZE, SILVER));
    EventLogSource source = fixture.source();

    List<FlowProgress> first = source.readAll();

    assertThat(source.readAll()).containsExactlyInAnyOrderElementsOf(first);
  }

  @Test
  void unchangedGroupsAreTheSameInstancesAndNewRowsComeInNewOnes() throws Exception {
    Fixture fixture = newFixture();
    fixture.append(List.of(BRONZE));
    EventLogSource source = fixture.source();
    List<List<FlowProgress>> first = source.readGroups();

    fixture.append(List.of(SILVER));
    List<List<FlowProgress>> second = source.readGroups();

    assertThat(first).singleElement().isEqualTo(List.of(BRONZE));
    assertThat(second).hasSize(2).anySatisfy(group -> assertThat(group).isSameAs(first.get(0)));
    assertThat(second).anySatisfy(group -> assertThat(group).containsExactly(SILVER));
  }

  @Test
  void namesItsLocation() {
    assertThat(newFixture().source().location()).isNotBlank();
  }
}
