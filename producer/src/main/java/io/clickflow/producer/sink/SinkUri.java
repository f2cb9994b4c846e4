package io.clickflow.producer.sink;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The parsed {@code --sink} argument, one of
 *
 * <ul>
 *   <li>{@code local:<dir>}: a local folder;
 *   <li>{@code adls://<account>/<filesystem>[/<prefix>]}: ADLS Gen2 through its DFS endpoint;
 *   <li>{@code blob://<account>/<container>[/<prefix>]}: the Blob API, for accounts without a
 *       hierarchical namespace;
 *   <li>{@code azurite:<container>[/<prefix>]}: the Blob API of a storage emulator, whose account
 *       comes from its connection string.
 * </ul>
 *
 * @param scheme lower-case scheme, e.g. {@code local}
 * @param location everything after the scheme separator: a directory, {@code
 *     <account>/<container>[/<prefix>]} or, for azurite, {@code <container>[/<prefix>]}
 */
public record SinkUri(String scheme, String location) {

  public static final String LOCAL = "local";
  public static final String ADLS = "adls";
  public static final String BLOB = "blob";
  public static final String AZURITE = "azurite";

  static final String EXPECTED =
      "expected local:<dir>, adls://<account>/<filesystem>[/<prefix>],"
          + " blob://<account>/<container>[/<prefix>] or azurite:<container>[/<prefix>]";

  /** Azure's rule for storage account names. */
  private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");

  /** Azure's rule for container and filesystem names: no leading, trailing or double hyphen. */
  private static final Pattern CONTAINER =
      Pattern.compile("(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

  public SinkUri {
    if (scheme == null) {
      throw new IllegalArgumentException("sink needs a scheme; " + EXPECTED);
    }
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException(
          switch (scheme) {
            case LOCAL -> "sink local: needs a directory, e.g. local:./landing";
            case AZURITE -> "sink azurite: needs a container, e.g. azurite:landing";
            default -> "sink " + scheme + ":// needs an account and a " + containerWord(scheme);
          });
    }
    switch (scheme) {
      case LOCAL -> {}
      case ADLS, BLOB, AZURITE -> cloud(scheme, location);
      default ->
          throw new IllegalArgumentException(
              "unsupported sink scheme '" + scheme + "'; " + EXPECTED);
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
    String rest = text.substring(colon + 1);
    return switch (scheme) {
      case LOCAL -> new SinkUri(LOCAL, rest);
      case ADLS, BLOB -> {
        if (!rest.startsWith("//")) {
          throw new IllegalArgumentException(
              "sink '"
                  + text
                  + "': write "
                  + scheme
                  + "://<account>/<"
                  + containerWord(scheme)
                  + ">[/<prefix>]");
        }
        yield new SinkUri(scheme, trimSlashes(rest.substring(2)));
      }
      case AZURITE -> new SinkUri(AZURITE, trimSlashes(rest));
      case "abfs", "abfss" ->
          throw new IllegalArgumentException(
              "sink '"
                  + text
                  + "': the producer names ADLS Gen2 as adls://<account>/<filesystem>[/<prefix>];"
                  + " abfss://<filesystem>@<account>.dfs.core.windows.net/<prefix> is Spark's"
                  + " name for the same place");
      case "wasb", "wasbs", "https", "http" ->
          throw new IllegalArgumentException(
              "sink '" + text + "': name the storage by account, not by URL; " + EXPECTED);
      default ->
          throw new IllegalArgumentException(
              "unknown sink scheme '" + scheme + "' in '" + text + "'; " + EXPECTED);
    };
  }

  /** The storage account, container and prefix of a cloud sink. */
  public CloudLocation cloud() {
    if (LOCAL.equals(scheme)) {
      throw new IllegalStateException(this + " is not a cloud sink");
    }
    return cloud(scheme, location);
  }

  /**
   * Where a cloud sink writes.
   *
   * @param account the storage account, or empty for azurite, whose connection string names it
   * @param container the filesystem (ADLS) or container (Blob)
   * @param prefix the folder below the container, without leading or trailing slash; may be empty
   */
  public record CloudLocation(String account, String container, String prefix) {

    /** The blob or path name of a landing file below the prefix. */
    public String pathOf(LandingPath path) {
      return prefix.isEmpty() ? path.value() : prefix + "/" + path.value();
    }
  }

  private static CloudLocation cloud(String scheme, String location) {
    String[] parts = location.split("/", AZURITE.equals(scheme) ? 2 : 3);
    String account = "";
    int next = 0;
    if (!AZURITE.equals(scheme)) {
      account = parts[next++];
      if (!ACCOUNT.matcher(account).matches()) {
        throw new IllegalArgumentException(
            "sink "
                + scheme
                + "://"
                + location
                + ": '"
                + account
                + "' is not a storage account name (3-24 lower-case letters and digits)");
      }
    }
    if (parts.length <= next || parts[next].isEmpty()) {
      throw new IllegalArgumentException(
          "sink " + display(scheme, location) + " needs a " + containerWord(scheme));
    }
    String container = parts[next++];
    if (!CONTAINER.matcher(container).matches()) {
      throw new IllegalArgumentException(
          "sink "
              + display(scheme, location)
              + ": '"
              + container
              + "' is not a valid "
              + containerWord(scheme)
              + " name (3-63 lower-case letters, digits and single hyphens)");
    }
    String prefix = parts.length > next ? parts[next] : "";
    for (String segment : prefix.isEmpty() ? new String[0] : prefix.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "sink " + display(scheme, location) + ": the prefix '" + prefix + "' is not a path");
      }
    }
    return new CloudLocation(account, container, prefix);
  }

  private static String containerWord(String scheme) {
    return ADLS.equals(scheme) ? "filesystem" : "container";
  }

  private static String trimSlashes(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && text.charAt(start) == '/') {
      start++;
    }
    while (end > start && text.charAt(end - 1) == '/') {
      end--;
    }
    return text.substring(start, end);
  }

  private static String display(String scheme, String location) {
    return AZURITE.equals(scheme) || LOCAL.equals(scheme)
        ? scheme + ":" + location
        : scheme + "://" + location;
  }

  @Override
  public String toString() {
    return display(scheme, location);
  }
}
