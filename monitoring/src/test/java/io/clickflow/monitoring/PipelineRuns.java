package io.clickflow.monitoring;

import static io.clickflow.monitoring.FlowProgressFixtures.expectation;
import static io.clickflow.monitoring.FlowProgressFixtures.flow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Event log rows as one {@code pipeline run --once} of the real pipeline writes them: every dataset
 * in graph order, with its layer, Silver's expectations and quarantine, late and rescued data, and
 * Gold event times.
 */
final class PipelineRuns {

  /** The pipeline's datasets and the layer each table declares. */
  static final Map<String, String> LAYERS =
      Map.of(
          "bronze_events", "bronze",
          "silver_events", "silver",
          "dim_user", "gold",
          "fact_events", "gold",
          "mv_daily_active_users", "gold");

  /** The dataset whose DROP expectations send rows to a quarantine table. */
  static final String QUARANTINED = "silver_events";

  private PipelineRuns() {}

  /** The catalog's view of {@link #LAYERS} and {@link #QUARANTINED}. */
  static Map<String, DatasetFacts> facts() {
    return LAYERS.entrySet().stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey,
                e -> new DatasetFacts(Optional.of(e.getValue()), e.getKey().equals(QUARANTINED))));
  }

  /**
   * One run that ingests {@code events} events and commits its first batch at {@code at}; Gold
   * commits 15 s later, 55 s after its newest event.
   */
  static List<FlowProgress> run(String runId, Instant at, long batchId, long events) {
    long rescued = events / 200;
    long dropped = 3;
    long late = 4;
    long silverOut = events - dropped - late;
    return List.of(
        flow("bronze_events")
            .run(runId)
            .at(at)
            .batch(batchId)
            .rows(events + 2, events + 2)
            .durationMs(2_100)
            .rescued(rescued)
            .corrupt(2)
            .backlogFiles(0L)
            .maxEventTime(at.minusSeconds(60))
            .build(),
        flow("silver_events")
            .run(runId)
            .at(at.plusSeconds(5))
            .batch(batchId)
            .rows(events, silverOut)
            .durationMs(3_400)
            .dropped(dropped)
            .late(late)
            .expectations(
                expectation("silver_events", "valid_event_id", "DROP", events - 2, 2),
                expectation("silver_events", "valid_event_time", "DROP", events - 1, 1),
                expectation("silver_events", "known_event_type", "WARN", events, 0),
                expectation("silver_events", "supported_schema_version", "WARN", events, 0),
                expectation("silver_events", "event_time_not_in_future", "WARN", events, 0),
                expectation("silver_events", "has_session", "WARN", events - 5, 5),
                expectation("silver_events", "non_negative_price", "WARN", events, 0))
            .watermark(at.minus(Duration.ofMinutes(10)))
            .maxEventTime(at.minusSeconds(45))
            .build(),
        flow("dim_user")
            .run(runId)
            .at(at.plusSeconds(10))
            .batch(batchId)
            .rows(silverOut, events / 20)
            .durationMs(4_800)
            .build(),
        flow("fact_events")
            .run(runId)
            .at(at.plusSeconds(15))
            .batch(batchId)
            .rows(silverOut, silverOut)
            .durationMs(2_900)
            .maxEventTime(at.minusSeconds(40))
            .build(),
        flow("mv_daily_active_users")
            .run(runId)
            .at(at.plusSeconds(20))
            .batch(0)
            .rows(3, 3)
            .durationMs(1_200)
            .build());
  }
}
