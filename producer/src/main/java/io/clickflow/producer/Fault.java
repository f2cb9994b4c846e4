package io.clickflow.producer;

import java.util.Locale;

/**
 * The kinds of bad input the producer can inject so a pipeline's handling of each can be tested.
 * The lower-case {@link #label()} is the metric label value and the name in summaries.
 */
public enum Fault {
  /** A line that is not JSON: the event's JSON cut short. */
  MALFORMED,
  /** An extra key the contract does not know, at the top level or inside a nested object. */
  UNKNOWN_FIELD,
  /** A known key with a value of the wrong JSON type, e.g. {@code "price": "12.50"}. */
  TYPE_MISMATCH,
  /** A known key spelled with other letter case, e.g. {@code Event_Type}. */
  CASE_MISMATCH,
  /** A valid event whose {@code event_time} lies a configured delay in the past. */
  LATE,
  /** A clean line written a second time, byte for byte, a few lines later. */
  DUPLICATE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
