package io.clickflow.producer.sink;

import io.clickflow.producer.sink.retry.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach and authenticate to a sink, and how to retry it; everything besides the {@link
 * SinkUri} itself. Which settings apply depends on the sink: {@link #checkApplies} refuses the ones
 * that would be silently ignored.
 *
 * @param identityClientId client id of a user-assigned managed identity, or null for Azure's
 *     default credential chain; adls:// and blob:// only
 * @param endpoint the account's endpoint instead of the public cloud's, or null; adls:// and
 *     blob:// only
 * @param connectionString an emulator's (or a test account's) connection string, or null; blob://
 *     and azurite: only, never adls://, which authenticates with Microsoft Entra ID alone
 * @param requestTimeout how long a single storage request may take
 * @param retry how failed publishes are retried
 */
public record SinkSettings(
    String identityClientId,
    URI endpoint,
    String connectionString,
    Duration requestTimeout,
    RetryPolicy retry) {

  /** The environment variable an azurite: sink reads its connection string from. */
  public static final String CONNECTION_STRING_ENV = "AZURE_STORAGE_CONNECTION_STRING";

  public static final SinkSettings DEFAULTS =
      new SinkSettings(null, null, null, Duration.ofSeconds(60), RetryPolicy.DEFAULT);

  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  public SinkSettings {
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(retry, "retry");
    if (identityClientId != null && !GUID.matcher(identityClientId).matches()) {
      throw new IllegalArgumentException(
          "identity client id must be the managed identity's client id, a GUID, got '"
              + identityClientId
              + "'");
    }
    if (endpoint != null
        && (!endpoint.isAbsolute()
            || endpoint.getHost() == null
            || !("https".equals(endpoint.getScheme()) || "http".equals(endpoint.getScheme())))) {
      throw new IllegalArgumentException(
          "endpoint must be an http(s) URL such as https://acct.dfs.core.windows.net, got '"
              + endpoint
              + "'");
    }
    if (connectionString != null && connectionString.isBlank()) {
      throw new IllegalArgumentException("connection string must not be blank");
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("request timeout must be positive, got " + requestTimeout);
    }
  }

  public SinkSettings withIdentityClientId(String newIdentityClientId) {
    return new SinkSettings(newIdentityClientId, endpoint, connectionString, requestTimeout, retry);
  }

  public SinkSettings withEndpoint(URI newEndpoint) {
    return new SinkSettings(identityClientId, newEndpoint, connectionString, requestTimeout, retry);
  }

  public SinkSettings withConnectionString(String newConnectionString) {
    return new SinkSettings(identityClientId, endpoint, newConnectionString, requestTimeout, retry);
  }

  public SinkSettings withRequestTimeout(Duration newRequestTimeout) {
    return new SinkSettings(identityClientId, endpoint, connectionString, newRequestTimeout, retry);
  }

  public SinkSettings withRetry(RetryPolicy newRetry) {
    return new SinkSettings(identityClientId, endpoint, connectionString, requestTimeout, newRetry);
  }

  /**
   * Refuses settings the sink would ignore, so that a mistyped command fails instead of doing
   * something else than asked.
   *
   * @throws IllegalArgumentException with a one-line message fit for the command line
   */
  public void checkApplies(SinkUri uri) {
    String scheme = uri.scheme();
    if (connectionString != null
        && !SinkUri.BLOB.equals(scheme)
        && !SinkUri.AZURITE.equals(scheme)) {
      throw new IllegalArgumentException(
          SinkUri.ADLS.equals(scheme)
              ? "--connection-string does not apply to "
                  + uri
                  + ": adls:// authenticates with Microsoft Entra ID only (managed identity,"
                  + " --identity-client-id); connection strings are for blob:// and azurite:"
              : "--connection-string applies only to blob:// and azurite: sinks, not to " + uri);
    }
    if (identityClientId != null && !SinkUri.ADLS.equals(scheme) && !SinkUri.BLOB.equals(scheme)) {
      throw new IllegalArgumentException(
          "--identity-client-id applies only to adls:// and blob:// sinks, not to " + uri);
    }
    if (identityClientId != null && connectionString != null) {
      throw new IllegalArgumentException(
          "give either --identity-client-id or --connection-string, not both");
    }
    if (endpoint != null && !SinkUri.ADLS.equals(scheme) && !SinkUri.BLOB.equals(scheme)) {
      throw new IllegalArgumentException(
          "--endpoint applies only to adls:// and blob:// sinks, not to "
              + uri
              + (SinkUri.AZURITE.equals(scheme)
                  ? " (its connection string names the endpoint)"
                  : ""));
    }
    if (endpoint != null && connectionString != null) {
      throw new IllegalArgumentException(
          "give either --endpoint or --connection-string, not both: the connection string names"
              + " the endpoint");
    }
  }

  /** Never prints the connection string: it usually holds an account key. */
  @Override
  public String toString() {
    return "SinkSettings[identityClientId="
        + identityClientId
        + ", endpoint="
        + endpoint
        + ", connectionString="
        + (connectionString == null ? "null" : "(set)")
        + ", requestTimeout="
        + requestTimeout
        + ", retry="
        + retry
        + "]";
  }
}
