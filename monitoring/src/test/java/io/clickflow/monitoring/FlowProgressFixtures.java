package io.clickflow.monitoring;

import java.time.Instant;
import java.util.List;

/** Flow-progress rows for tests, with every field settable and sensible defaults. */
final class FlowProgressFixtures {

  static final Instant T0 = Instant.parse("2026-11-22T13:00:00Z");

  private Instant timestamp = T0;
  private String runId = "run-1";
  private String dataset = "silver_events";
  private long batchId;
  private long inputRows = 100;
  private long outputRows = 90;
  private long durationMs = 1_500;
  private long droppedRecords;
  private List<ExpectationResult> expectations = List.of();
  private long lateRecords;
  private long rescuedRecords;
  private long corruptRecords;
  private Instant watermark;
  private Instant maxEventTime;
  private Long backlogFiles;
  private boolean failed;

  static FlowProgressFixtures flow(String dataset) {
    FlowProgressFixtures fixture = new FlowProgressFixtures();
    fixture.dataset = dataset;
    return fixture;
  }

  static ExpectationResult expectation(
      String dataset, String name, String action, long passed, long failed) {
    return new ExpectationResult(name, dataset, action, passed, failed);
  }

  FlowProgressFixtures at(Instant value) {
    timestamp = value;
    return this;
  }

  FlowProgressFixtures run(String value) {
    runId = value;
    return this;
  }

  FlowProgressFixtures batch(long value) {
    batchId = value;
    return this;
  }

  FlowProgressFixtures rows(long input, long output) {
    inputRows = input;
    outputRows = output;
    return this;
  }

  FlowProgressFixtures durationMs(long value) {
    durationMs = value;
    return this;
  }

  FlowProgressFixtures dropped(long value) {
    droppedRecords = value;
    return this;
  }

  FlowProgressFixtures expectations(ExpectationResult... values) {
    expectations = List.of(values);
    return this;
  }

  FlowProgressFixtures late(long value) {
    lateRecords = value;
    return this;
  }

  FlowProgressFixtures rescued(long value) {
    rescuedRecords = value;
    return this;
  }

  FlowProgressFixtures corrupt(long value) {
    corruptRecords = value;
    return this;
  }

  FlowProgressFixtures watermark(Instant value) {
    watermark = value;
    return this;
  }

  FlowProgressFixtures maxEventTime(Instant value) {
    maxEventTime = value;
    return this;
  }

  FlowProgressFixtures backlogFiles(Long value) {
    backlogFiles = value;
    return this;
  }

  FlowProgressFixtures failed() {
    failed = true;
    return this;
  }

  FlowProgress build() {
    return new FlowProgress(
        timestamp,
        runId,
        dataset,
        batchId,
        inputRows,
        outputRows,
        durationMs,
        droppedRecords,
        expectations,
        lateRecords,
        rescuedRecords,
        corruptRecords,
        watermark,
        maxEventTime,
        backlogFiles,
        failed);
  }
}
