package io.clickflow.bundle.workspace;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identity a client is signed in as.
 *
 * @param userName the user's e-mail, or a service principal's application id
 * @param displayName may be empty
 */
public record CurrentUser(String userName, String displayName) {
  private static final Pattern APPLICATION_ID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  public CurrentUser {
    Objects.requireNonNull(userName, "userName");
    if (userName.isBlank()) {
      throw new IllegalArgumentException("userName must not be blank");
    }
    displayName = displayName == null ? "" : displayName;
  }

  /**
   * The value of {@code ${workspace.current_user.short_name}} as the Databricks CLI derives it,
   * since development mode puts it in deployed job names: the part before {@code @}, lower case,
   * with every character that is not a letter or digit replaced by {@code _}. A service principal
   * is known by its display name rather than its application id.
   */
  public String shortName() {
    String name =
        APPLICATION_ID.matcher(userName).matches() && !displayName.isBlank()
            ? displayName
            : userName;
    int at = name.indexOf('@');
    String local = (at < 0 ? name : name.substring(0, at)).toLowerCase(Locale.ROOT);
    StringBuilder normalized = new StringBuilder(local.length());
    local
        .codePoints()
        .forEach(c -> normalized.appendCodePoint(Character.isLetterOrDigit(c) ? c : '_'));
    return normalized.toString();
  }
}
