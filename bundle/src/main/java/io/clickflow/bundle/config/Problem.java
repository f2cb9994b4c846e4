package io.clickflow.bundle.config;

import java.util.Objects;

/**
 * One finding about the bundle, printed as {@code file:location: message}. The location is a JSON
 * path such as {@code $.resources.jobs.x.tasks[0]} or a line number, and may be empty when the
 * finding concerns the file as a whole.
 */
public record Problem(Severity severity, String file, String location, String message) {

  public enum Severity {
    ERROR,
    WARNING
  }

  public Problem {
    Objects.requireNonNull(severity, "severity");
    file = file == null ? "" : file;
    location = location == null ? "" : location;
    if (message == null || message.isBlank()) {
      throw new IllegalArgumentException("a problem needs a message");
    }
  }

  public static Problem error(String file, String location, String message) {
    return new Problem(Severity.ERROR, file, location, message);
  }

  public static Problem warning(String file, String location, String message) {
    return new Problem(Severity.WARNING, file, location, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  public String format() {
    String where = location.isEmpty() ? file : file + ":" + location;
    String text = severity == Severity.WARNING ? "warning: " + message : message;
    return where.isEmpty() ? text : where + ": " + text;
  }
}
