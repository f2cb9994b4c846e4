package io.clickflow.monitoring;

import java.util.Objects;

/**
 * What one expectation saw in one flow-progress batch: an element of the event log's {@code
 * data_quality.expectations}.
 *
 * @param name expectation name from the pipeline definition
 * @param dataset dataset the expectation belongs to
 * @param action what a failing row triggers: WARN, DROP or FAIL, as written by the pipeline
 * @param passedRecords rows that satisfied the expectation
 * @param failedRecords rows that did not; for DROP these rows were also dropped
 */
public record ExpectationResult(
    String name, String dataset, String action, long passedRecords, long failedRecords) {

  public ExpectationResult {
    requireNonBlank(name, "name");
    requireNonBlank(dataset, "dataset");
    requireNonBlank(action, "action");
    requireNonNegative(passedRecords, "passedRecords");
    requireNonNegative(failedRecords, "failedRecords");
  }

  static void requireNonBlank(String value, String field) {
    if (Objects.requireNonNull(value, field + " must not be null").isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }

  static void requireNonNegative(long value, String field) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must not be negative, got " + value);
    }
  }
}
