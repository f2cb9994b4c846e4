package io.clickflow.bundle.config;

import java.util.regex.Pattern;

/**
 * Builds JSON paths in the same notation as the schema validator ({@code $.a.b[0]} and {@code
 * $['odd key']}), so that schema violations and rule findings point at places the same way.
 */
public final class JsonPaths {
  public static final String ROOT = "$";

  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private JsonPaths() {}

  public static String child(String parent, String key) {
    if (PLAIN_KEY.matcher(key).matches()) {
      return parent + "." + key;
    }
    return parent + "['" + key.replace("'", "\\'") + "']";
  }

  public static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }
}
