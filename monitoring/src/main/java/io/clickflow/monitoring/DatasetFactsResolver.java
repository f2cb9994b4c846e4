package io.clickflow.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks the {@link DatasetCatalog} about the datasets of the event log, and remembers the answers so
 * that a refresh with 50 datasets does not cost 50 table loads.
 *
 * <p>A layer, once known, is final: changing it means redefining the dataset, and the exporter
 * picks that up on restart. A quarantine, once found, is final too. Unknowns are asked again at
 * most once per re-check interval: a table that does not exist yet, and a quarantine that the first
 * dropped row will create. A dataset that never dropped a row is never asked about its quarantine,
 * since its quarantined count is 0 either way.
 */
final class DatasetFactsResolver {

  private final DatasetCatalog catalog;
  private final Clock clock;
  private final Duration recheckInterval;
  private final Map<String, Entry> entries = new HashMap<>();

  DatasetFactsResolver(DatasetCatalog catalog, Clock clock, Duration recheckInterval) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(recheckInterval, "recheckInterval");
    if (recheckInterval.isNegative()) {
      throw new IllegalArgumentException(
          "recheckInterval must not be negative, got " + recheckInterval);
    }
    this.recheckInterval = recheckInterval;
  }

  /** What is known about each dataset, plus the lookups that failed this time. */
  record Resolution(Map<String, DatasetFacts> facts, List<DatasetCatalogException> failures) {
    Resolution {
      facts = Map.copyOf(facts);
      failures = List.copyOf(failures);
    }
  }

  /**
   * @param droppedByDataset every dataset of the event log, with its dropped-row total
   */
  synchronized Resolution resolve(Map<String, Long> droppedByDataset) {
    Instant now = clock.instant();
    Map<String, DatasetFacts> facts = new HashMap<>();
    List<DatasetCatalogException> failures = new ArrayList<>();
    droppedByDataset.forEach(
        (dataset, dropped) -> {
          Entry entry = entries.computeIfAbsent(dataset, d -> new Entry());
          if (entry.layer.isEmpty() && due(entry.nextLayerCheck, now)) {
            entry.nextLayerCheck = now.plus(recheckInterval);
            try {
              entry.layer = catalog.layer(dataset);
            } catch (DatasetCatalogException | RuntimeException e) {
              failures.add(failure(dataset, e));
            }
          }
          if (!entry.hasQuarantine && dropped > 0 && due(entry.nextQuarantineCheck, now)) {
            entry.nextQuarantineCheck = now.plus(recheckInterval);
            try {
              entry.hasQuarantine = catalog.hasQuarantine(dataset);
            } catch (DatasetCatalogException | RuntimeException e) {
              failures.add(failure(dataset, e));
            }
          }
          facts.put(dataset, new DatasetFacts(entry.layer, entry.hasQuarantine));
        });
    return new Resolution(facts, failures);
  }

  /** A catalog that breaks its contract must not take /metrics down with it. */
  private DatasetCatalogException failure(String dataset, Exception e) {
    return e instanceof DatasetCatalogException known
        ? known
        : new DatasetCatalogException(
            "of dataset " + dataset + " in " + catalog.location(), e.toString(), e);
  }

  private static boolean due(Instant next, Instant now) {
    return next == null || !now.isBefore(next);
  }

  private static final class Entry {
    private Optional<String> layer = Optional.empty();
    private boolean hasQuarantine;
    private Instant nextLayerCheck;
    private Instant nextQuarantineCheck;
  }
}
