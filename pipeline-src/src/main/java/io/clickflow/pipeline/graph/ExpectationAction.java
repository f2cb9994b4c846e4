package io.clickflow.pipeline.graph;

/** What happens to a row that fails an expectation; the names match Lakeflow's. */
public enum ExpectationAction {
  /** Keep the row and count the failure. */
  WARN,
  /**
   * Remove the row from the dataset (it goes to quarantine where the dataset has one) and count it.
   */
  DROP,
  /** Stop the flow with an error naming the rule and a sample key. */
  FAIL
}
