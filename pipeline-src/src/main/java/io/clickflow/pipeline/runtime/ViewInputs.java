package io.clickflow.pipeline.runtime;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * The input tables of one round of view refreshes, each looked up once: five views read {@code
 * fact_events} and three read Silver, and a lookup may be a few Spark jobs (the table's version and
 * properties, and in a catalog the table's details for its id).
 *
 * <p>A view is refreshed once its inputs are, and is first looked up by the views that read it, so
 * a version looked up in the round is the one the views read. Where flows keep writing during the
 * round (continuous mode), a view may read rows newer than the version it records; the next round
 * then recomputes those keys again, which is idempotent.
 *
 * <p>Views over one input usually refresh from the same range of its versions, and several ask the
 * same of its changes there (whether they are all inserts; which days they touch): each such answer
 * is computed once a round, by the first view to ask, while the others wait for it.
 */
public final class ViewInputs {

  /** An input as the round sees it. */
  public record Input(long version, boolean changeFeed) {}

  private record Commit(String table, long version) {}

  /** A question about a table's changes from one version to another. */
  private record Key(String table, long from, long to, Object question) {}

  private final TableStore store;
  private final ConcurrentHashMap<String, Input> seen = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Commit, String> commitNames = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Key, FutureTask<Object>> answers = new ConcurrentHashMap<>();

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

  /**
   * The answer to {@code question} about the table's changes from version {@code from} to {@code
   * to}, as the first view to ask computed it. A question is compared by {@code equals}: a
   * constant, or one function object the views share; one question always has one type of answer. A
   * failure is not shared: each view that asked tries again on its own, and falls back as it would
   * alone. The answer must not ask the same question itself: it would wait for itself.
   */
  @SuppressWarnings("unchecked")
  public <T> T changesAnswer(
      String table, long from, long to, Object question, Supplier<T> answer) {
    Key key = new Key(table, from, to, question);
    FutureTask<Object> task = new FutureTask<>(answer::get);
    FutureTask<Object> shared = answers.putIfAbsent(key, task);
    if (shared == null) {
      task.run();
      shared = task;
    }
    try {
      return (T) shared.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + table + "'s changes", e);
    } catch (ExecutionException e) {
      answers.remove(key, shared);
      if (shared != task) {
        return answer.get();
      }
      Throwable cause = e.getCause();
      if (cause instanceof Error error) {
        throw error;
      }
      throw cause instanceof RuntimeException failure
          ? failure
          : new IllegalStateException(cause.getMessage(), cause); // Spark's checked exceptions
    }
  }
}
