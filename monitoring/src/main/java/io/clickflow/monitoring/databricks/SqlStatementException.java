package io.clickflow.monitoring.databricks;

/**
 * A statement could not be run, or the warehouse ran it and it failed. Callers add the table and
 * the warehouse; the message says what happened to the statement.
 */
final class SqlStatementException extends Exception {

  /** The SQLSTATE of a table or view that does not exist. */
  private static final String TABLE_NOT_FOUND_STATE = "42P01";

  private static final String TABLE_NOT_FOUND_CLASS = "TABLE_OR_VIEW_NOT_FOUND";

  private final String sqlState;

  SqlStatementException(String message, String sqlState, Throwable cause) {
    super(message, cause);
    this.sqlState = sqlState;
  }

  /** Whether the statement failed because a table it names does not exist (yet). */
  boolean tableNotFound() {
    return TABLE_NOT_FOUND_STATE.equals(sqlState)
        || (getMessage() != null && getMessage().contains(TABLE_NOT_FOUND_CLASS));
  }
}
