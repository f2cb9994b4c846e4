package io.clickflow.monitoring;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the summary of the append-only event log up to date from its groups of rows (data files),
 * so that a refresh costs the rows that were added, not the whole log, which grows by every batch
 * of every dataset for as long as the pipeline runs.
 *
 * <p>Groups are recognised by identity, as {@link EventLogSource#readGroups} returns them. A group
 * that disappears (a compaction rewrote it, or the table was replaced) makes the update rebuild the
 * total from the groups still present, which costs no read.
 */
final class EventLogAggregator {

  private final Map<List<FlowProgress>, EventLogSummary.Builder> partials = new IdentityHashMap<>();
  private EventLogSummary.Builder total = new EventLogSummary.Builder();
  private EventLogSummary summary = EventLogSummary.EMPTY;

  /** The summary of the whole log; the same instance as last time when nothing changed. */
  synchronized EventLogSummary update(List<List<FlowProgress>> groups) {
    Set<List<FlowProgress>> current = Collections.newSetFromMap(new IdentityHashMap<>());
    current.addAll(groups);
    boolean removed = partials.keySet().removeIf(group -> !current.contains(group));
    List<EventLogSummary.Builder> added = new ArrayList<>();
    for (List<FlowProgress> group : groups) {
      if (!partials.containsKey(group)) {
        EventLogSummary.Builder partial = new EventLogSummary.Builder().addRows(group);
        partials.put(group, partial);
        added.add(partial);
      }
    }
    if (removed) {
      total = new EventLogSummary.Builder();
      partials.values().forEach(total::add);
    } else if (!added.isEmpty()) {
      added.forEach(total::add);
    } else {
      return summary;
    }
    summary = total.build();
    return summary;
  }
}
