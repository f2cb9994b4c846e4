package io.clickflow.monitoring;

import java.util.ArrayList;
import java.util.List;

/** The event log as a list in memory: the fake every exporter test reads from. */
final class InMemoryEventLogSource implements EventLogSource {

  private final List<FlowProgress> rows = new ArrayList<>();
  private int reads;

  synchronized void append(List<FlowProgress> batch) {
    rows.addAll(batch);
  }

  synchronized int reads() {
    return reads;
  }

  @Override
  public synchronized List<FlowProgress> readAll() {
    reads++;
    return List.copyOf(rows);
  }

  @Override
  public String location() {
    return "memory:event_log";
  }
}
