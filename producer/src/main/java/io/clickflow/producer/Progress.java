package io.clickflow.producer;

/**
 * How far a run has got, as {@link ProgressListener}s hear it.
 *
 * @param eventsGenerated distinct events generated so far, across all producer ids
 * @param eventsTotal the run's event count, or {@link ProducerConfig#UNLIMITED_EVENTS}
 * @param linesPublished lines in published files, duplicates included
 * @param filesPublished files made visible in the sink
 */
public record Progress(
    long eventsGenerated, long eventsTotal, long linesPublished, long filesPublished) {

  public Progress {
    if (eventsGenerated < 0 || linesPublished < 0 || filesPublished < 0) {
      throw new IllegalArgumentException(
          "progress counts must not be negative, got "
              + eventsGenerated
              + " events, "
              + linesPublished
              + " lines, "
              + filesPublished
              + " files");
    }
    if (eventsTotal < 1) {
      throw new IllegalArgumentException("event total must be at least 1, got " + eventsTotal);
    }
  }

  public boolean totalKnown() {
    return eventsTotal != ProducerConfig.UNLIMITED_EVENTS;
  }
}
