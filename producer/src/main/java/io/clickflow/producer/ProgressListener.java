package io.clickflow.producer;

/**
 * Hears how far a run has got; the CLI prints it, tests usually ignore it. Calls come from the
 * generating and publishing threads, so an implementation must be thread-safe.
 */
public interface ProgressListener {

  ProgressListener NONE = new ProgressListener() {};

  /**
   * Called about every tenth of a run with an event count, from a generating thread, not at the
   * very end: {@link #finished} reports that.
   */
  default void generated(Progress progress) {}

  /** Called after each published file, from the publishing thread. */
  default void published(Progress progress) {}

  /** Called once when the run ends normally, after its last file was published. */
  default void finished(Progress progress) {}
}
