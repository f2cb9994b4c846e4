package io.clickflow.producer;

/** Hears how far a run has got; the CLI prints it, tests usually ignore it. */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = (eventsDone, eventsTotal, filesPublished) -> {};

  /** Called about every tenth of the run and once at its end. */
  void progress(long eventsDone, long eventsTotal, long filesPublished);
}
