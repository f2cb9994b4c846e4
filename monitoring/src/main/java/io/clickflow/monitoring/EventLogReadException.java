package io.clickflow.monitoring;

/**
 * The event log could not be read. The message names the table location and what failed. Reading
 * again later may succeed (the table may be mid-commit or the storage briefly unavailable), so the
 * exporter keeps its last good values and retries on the next refresh.
 */
public final class EventLogReadException extends Exception {

  private final String location;

  public EventLogReadException(String location, String problem, Throwable cause) {
    super("read event log " + location + ": " + problem, cause);
    this.location = location;
  }

  /** Where the event log lives, as given to the source. */
  public String location() {
    return location;
  }
}
