package io.clickflow.pipeline.runtime;

/** A FAIL expectation failed; the flow stops and retrying the same data cannot succeed. */
public final class ExpectationViolation extends RuntimeException {
  public ExpectationViolation(String message) {
    super(message);
  }
}
