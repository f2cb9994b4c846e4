package io.clickflow.producer.sink;

import io.clickflow.producer.sink.azure.AdlsSink;
import io.clickflow.producer.sink.azure.AzureClientOptions;
import io.clickflow.producer.sink.azure.BlobSink;
import io.clickflow.producer.sink.retry.PublishRetryMetrics;
import io.clickflow.producer.sink.retry.RetryingSink;
import io.clickflow.producer.time.Sleeper;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.SplittableRandom;

/** Opens the sink a {@link SinkUri} names; the one place that knows every implementation. */
public final class SinkFactory {

  /**
   * Azurite's own shorthand, understood by the Azure SDK: the emulator on 127.0.0.1:10000 with its
   * published development account. The SDK holds that account's key, so this code does not.
   */
  static final String DEVELOPMENT_STORAGE = "UseDevelopmentStorage=true";

  private SinkFactory() {}

  /** The sink with default settings and no retries. */
  public static EventSink open(SinkUri uri) {
    return open(uri, SinkSettings.DEFAULTS, System.getenv(), Clock.systemUTC());
  }

  /**
   * The sink as the producer uses it: every call retried under {@code settings.retry()}, retries
   * counted in {@code metrics}.
   *
   * @throws IllegalArgumentException with a one-line message when the settings do not fit the sink
   */
  public static EventSink openWithRetries(
      SinkUri uri, SinkSettings settings, Clock clock, PublishRetryMetrics metrics) {
    return new RetryingSink(
        open(uri, settings, System.getenv(), clock),
        settings.retry(),
        clock,
        Sleeper.SYSTEM,
        new SplittableRandom(),
        metrics);
  }

  /**
   * The bare sink, without retries.
   *
   * @param env where an azurite: sink looks for {@value SinkSettings#CONNECTION_STRING_ENV} when no
   *     connection string is given; other sinks ignore the environment, so that a variable left
   *     over in a shell cannot switch a real account to key authentication
   * @throws IllegalArgumentException with a one-line message when the settings do not fit the sink
   */
  public static EventSink open(
      SinkUri uri, SinkSettings settings, Map<String, String> env, Clock clock) {
    settings.checkApplies(uri);
    return switch (uri.scheme()) {
      case SinkUri.LOCAL -> new LocalFolderSink(localPath(uri));
      case SinkUri.ADLS ->
          AdlsSink.open(uri, settings.identityClientId(), azureOptions(settings), clock);
      case SinkUri.BLOB ->
          settings.connectionString() != null
              ? BlobSink.withConnectionString(
                  uri, settings.connectionString(), azureOptions(settings), clock)
              : BlobSink.withIdentity(
                  uri, settings.identityClientId(), azureOptions(settings), clock);
      case SinkUri.AZURITE ->
          BlobSink.withConnectionString(
              uri, emulatorConnectionString(settings, env), azureOptions(settings), clock);
      default -> throw new IllegalArgumentException("no sink for scheme " + uri.scheme());
    };
  }

  private static String emulatorConnectionString(SinkSettings settings, Map<String, String> env) {
    if (settings.connectionString() != null) {
      return settings.connectionString();
    }
    String fromEnv = env.get(SinkSettings.CONNECTION_STRING_ENV);
    return fromEnv != null && !fromEnv.isBlank() ? fromEnv : DEVELOPMENT_STORAGE;
  }

  private static AzureClientOptions azureOptions(SinkSettings settings) {
    return AzureClientOptions.defaults()
        .withEndpoint(settings.endpoint())
        .withRequestTimeout(settings.requestTimeout());
  }

  private static Path localPath(SinkUri uri) {
    try {
      return Path.of(uri.location());
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("sink " + uri + " is not a valid path: " + e.getReason());
    }
  }
}
