package io.clickflow.pipeline.runtime;

/** A dataset's flow stopped with an error; the message names the dataset and the first cause. */
public final class FlowFailedException extends RuntimeException {
  public FlowFailedException(String dataset, String reason, Throwable cause) {
    super("flow " + dataset + " failed: " + reason, cause);
  }
}
