package io.clickflow.pipeline.runtime;

import io.clickflow.pipeline.graph.ExpectationAction;

/** Pass/fail counts of one expectation over one batch. */
public record ExpectationResult(
    String name, String dataset, ExpectationAction action, long passed, long failed) {

  public ExpectationResult {
    if (passed < 0 || failed < 0) {
      throw new IllegalArgumentException("negative expectation counts for " + name);
    }
  }

  public ExpectationResult plus(ExpectationResult other) {
    return new ExpectationResult(
        name, dataset, action, passed + other.passed, failed + other.failed);
  }
}
