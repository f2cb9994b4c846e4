package io.clickflow.producer.sink;

import java.util.Locale;

/**
 * The parsed {@code --sink} argument: {@code local:<dir>} today; {@code adls://} and {@code
 * blob://} are reserved for the cloud sinks and rejected with a message that says so.
 *
 * @param scheme lower-case scheme, e.g. {@code local}
 * @param location everything after the scheme separator, e.g. a directory
 */
public record SinkUri(String scheme, String location) {

  public static final String LOCAL = "local";

  private static final String EXPECTED = "expected local:<dir>";

  public SinkUri {
    if (!LOCAL.equals(scheme)) {
      throw new IllegalArgumentException("unsupported sink scheme '" + scheme + "'; " + EXPECTED);
    }
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("sink local: needs a directory, e.g. local:./landing");
    }
  }

  /**
   * Parses a sink argument.
   *
   * @throws IllegalArgumentException with a one-line message fit for the command line
   */
  public static SinkUri parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("sink must not be empty; " + EXPECTED);
    }
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("sink '" + text + "' has no scheme; " + EXPECTED);
    }
    String scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case LOCAL -> new SinkUri(LOCAL, text.substring(colon + 1));
      case "adls", "abfs", "abfss", "blob", "wasb", "wasbs" ->
          throw new IllegalArgumentException(
              "sink '"
                  + text
                  + "': the adls:// and blob:// sinks are planned but not available yet; "
                  + EXPECTED);
      default ->
          throw new IllegalArgumentException(
              "unknown sink scheme '"
                  + scheme
                  + "' in '"
                  + text
                  + "'; "
                  + EXPECTED
                  + " (adls:// and blob:// are planned)");
    };
  }

  @Override
  public String toString() {
    return scheme + ":" + location;
  }
}
