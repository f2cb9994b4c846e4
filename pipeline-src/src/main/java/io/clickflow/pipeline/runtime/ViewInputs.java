package io.clickflow.pipeline.runtime;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The input tables of one round of view refreshes, each looked up once: five views read {@code
 * fact_events} and three read Silver, and a lookup may be a few Spark jobs (the table's version and
 * properties, and in a catalog the table's details for its id).
 *
 * <p>A view is refreshed once its inputs are, and is first looked up by the views that read it, so
 * a version looked up in the round is the one the views read. Where flows keep writing during the
 * round (continuous mode), a view may read rows newer than the version it records; the next round
 * then recomputes those keys again, which is idempotent.
 */
public final class ViewInputs {

  /** An input as the round sees it. */
  public record Input(long version, boolean changeFeed) {}

  private record Commit(String table, long version) {}

  private final TableStore store;
  private final ConcurrentHashMap<String, Input> seen = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Commit, String> commitNames = new ConcurrentHashMap<>();

  public ViewInputs(TableStore store) {
    this.store = store;
  }

  /** The table's latest version and change feed, as first looked up in this round. */
  public Input of(String table) {
    return seen.computeIfAbsent(
        table,
        t ->
            new Input(
                store.version(t), "true".equals(store.properties(t).get(ViewRefresh.CHANGE_FEED))));
  }

  /** The store's name of the table's commit (see {@link TableStore#commitName}), once a round. */
  public String commitName(String table, long version) {
    return commitNames.computeIfAbsent(
        new Commit(table, version), c -> store.commitName(c.table(), c.version()));
  }
}
