package io.clickflow.monitoring;

import java.util.ArrayList;
import java.util.List;

/** The event log as a list in memory: the fake every exporter test reads from. */
final class InMemoryEventLogSource implements EventLogSource {

  private final List<List<FlowProgress>> groups = new ArrayList<>();
  private int reads;

  /** Appends the rows as one group, as one data file of a Delta commit. */
  synchronized void append(List<FlowProgress> batch) {
    groups.add(List.copyOf(batch));
  }

  synchronized int reads() {
    return reads;
  }

  @Override
  public synchronized List<List<FlowProgress>> readGroups() {
    reads++;
    return List.copyOf(groups);
  }

  @Override
  public String location() {
    return "memory:event_log";
  }
}
