package io.clickflow.producer;

import io.clickflow.producer.sink.SinkSettings;
import io.clickflow.producer.sink.SinkUri;
import io.clickflow.producer.sink.retry.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The options of {@code produce} that say how to reach the sink: authentication, endpoint, request
 * timeout and retries. A picocli mixin, so the command's own options stay about the traffic.
 */
final class SinkOptions {

  @Option(
      names = "--identity-client-id",
      paramLabel = "<client-id>",
      description =
          "adls:// and blob:// authenticate with Microsoft Entra ID, never with an account key."
              + " This selects a user-assigned managed identity by its client id. Default:"
              + " DefaultAzureCredential, which tries the environment, workload identity, a"
              + " system-assigned managed identity and the Azure CLI login in turn. The identity"
              + " needs Storage Blob Data Contributor on the filesystem or container.")
  private String identityClientId;

  @Option(
      names = "--endpoint",
      paramLabel = "<url>",
      description = {
        "Where adls:// and blob:// sinks reach their account: a private endpoint, another"
            + " cloud, or a test server. On an IP address the account is the first path segment."
            + " Default:",
        "  https://<account>.dfs.core.windows.net (adls)",
        "  https://<account>.blob.core.windows.net (blob)"
      })
  private URI endpoint;

  @Option(
      names = "--connection-string",
      paramLabel = "<string>",
      description = {
        "Connection string of a storage emulator or test account; azurite: and blob:// only,"
            + " never adls://. Prefer the environment variable: other users can read a command"
            + " line. An azurite: sink without it reads $"
            + SinkSettings.CONNECTION_STRING_ENV
            + ", else uses Azurite's development account at",
        "  http://127.0.0.1:10000"
      })
  private String connectionString;

  @Option(
      names = "--request-timeout",
      paramLabel = "<duration>",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "How long one storage request may take before it counts as a timeout, which is"
              + " retried. Default: ${DEFAULT-VALUE}.")
  private Duration requestTimeout;

  @Option(
      names = "--max-attempts",
      paramLabel = "<n>",
      defaultValue = "8",
      description =
          "Attempts per file, the first included. Transient failures (HTTP 408, 429, 500, 502,"
              + " 503, 504, timeouts, reset connections) are retried with exponential backoff"
              + " from 250ms up to 30s, with jitter, and never sooner than a Retry-After asks."
              + " Other failures stop the run at once. 1 turns retries off."
              + " Default: ${DEFAULT-VALUE}.")
  private int maxAttempts;

  @Option(
      names = "--max-retry-time",
      paramLabel = "<duration>",
      defaultValue = "2m",
      converter = DurationConverter.class,
      description =
          "Time budget for one file's attempts and waits: no retry starts that would end after"
              + " it. Default: ${DEFAULT-VALUE}.")
  private Duration maxRetryTime;

  /**
   * The validated settings for {@code uri}.
   *
   * @throws IllegalArgumentException with a one-line message when a value is invalid or does not
   *     apply to this sink
   */
  SinkSettings settings(SinkUri uri) {
    SinkSettings settings =
        new SinkSettings(
            identityClientId,
            endpoint,
            connectionString,
            requestTimeout,
            RetryPolicy.DEFAULT.withMaxAttempts(maxAttempts).withMaxRetryTime(maxRetryTime));
    settings.checkApplies(uri);
    return settings;
  }
}
