package io.clickflow.pipeline.runtime;

import java.io.Serializable;

/**
 * Run-independent settings that dataset definitions read.
 *
 * @param landing the landing folder or URI that Bronze ingests
 * @param watermarkDelay Spark interval text, e.g. {@code 10 minutes}
 * @param maxFilesPerTrigger 0 for no limit
 * @param maxBytesPerTrigger 0 for no limit (honoured where the source supports it)
 * @param pseudonymiser null when no pepper was given; only datasets that hash PII need one
 * @param routeLateEvents keep events that arrive behind the watermark in a table of their own
 *     instead of only counting them
 */
public record PipelineSettings(
    String landing,
    String watermarkDelay,
    int maxFilesPerTrigger,
    long maxBytesPerTrigger,
    Pseudonymiser pseudonymiser,
    boolean routeLateEvents)
    implements Serializable {

  public PipelineSettings {
    if (landing == null || landing.isBlank()) {
      throw new IllegalArgumentException("a landing location is required");
    }
    if (watermarkDelay == null || !watermarkDelay.matches("\\d+\\s+[a-z]+")) {
      throw new IllegalArgumentException(
          "watermark delay must look like '10 minutes', got: " + watermarkDelay);
    }
    if (maxFilesPerTrigger < 0 || maxBytesPerTrigger < 0) {
      throw new IllegalArgumentException("per-trigger limits must not be negative");
    }
  }

  /** The pseudonymiser, or an error naming the dataset that needs it and how to provide it. */
  public Pseudonymiser requirePseudonymiser(String dataset) {
    if (pseudonymiser == null) {
      throw new IllegalStateException(
          dataset
              + " pseudonymises PII and needs a pepper: set "
              + Pseudonymiser.PEPPER_ENV
              + " to a random secret of 16+ characters");
    }
    return pseudonymiser;
  }
}
