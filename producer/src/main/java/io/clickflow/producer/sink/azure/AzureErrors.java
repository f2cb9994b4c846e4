package io.clickflow.producer.sink.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpResponse;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.file.datalake.models.DataLakeStorageException;
import io.clickflow.producer.sink.SinkException;
import io.clickflow.producer.sink.SinkException.Reason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Turns what the Azure SDK throws into a {@link SinkException}, once, at the sink's boundary: a
 * {@link Reason}, whether a retry can help, the wait the service asked for, and one line that names
 * the fix where the status says what it is.
 *
 * <p>Retryable: 408, 429, 500, 502, 503, 504, timeouts and broken connections. Everything else is
 * fatal, because repeating the same request cannot change the answer.
 */
final class AzureErrors {

  private static final HttpHeaderName X_MS_RETRY_AFTER_MS =
      HttpHeaderName.fromString("x-ms-retry-after-ms");
  private static final HttpHeaderName X_MS_ERROR_CODE =
      HttpHeaderName.fromString("x-ms-error-code");
  private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<\\r\\n]*)");
  private static final Pattern JSON_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"([^\"]*)\"");

  private final Target target;
  private final Clock clock;

  /**
   * The place a sink writes to, for messages.
   *
   * @param kind {@code filesystem} or {@code container}
   * @param endpoint the URL requests go to, for network errors
   */
  record Target(String kind, String account, String container, String endpoint) {

    Target {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(container, "container");
    }

    String scope() {
      return kind + " " + container + " of account " + account;
    }
  }

  AzureErrors(Target target, Clock clock) {
    this.target = Objects.requireNonNull(target, "target");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @param action what was being done and where, e.g. {@code publish 2026/.../p1-000001.json to
   *     adls://acct/fs}; the message starts with it
   */
  SinkException toSinkException(String action, RuntimeException error) {
    if (error instanceof HttpResponseException http && http.getResponse() != null) {
      return fromStatus(action, http);
    }
    Throwable noToken = cause(error, ClientAuthenticationException.class::isInstance);
    if (noToken != null) {
      return new SinkException(
          action
              + ": no access token for Azure Storage ("
              + firstLine(noToken.getMessage())
              + ") — run where a managed identity is assigned (--identity-client-id for a"
              + " user-assigned one), or sign in with the Azure CLI (az login)",
          Reason.AUTHORIZATION,
          false,
          error);
    }
    Throwable unknownHost = cause(error, UnknownHostException.class::isInstance);
    if (unknownHost != null) {
      return new SinkException(
          action
              + ": unknown host "
              + firstLine(unknownHost.getMessage())
              + " — check the account name "
              + target.account()
              + " and --endpoint",
          Reason.NOT_FOUND,
          false,
          error);
    }
    Throwable timeout = cause(error, AzureErrors::isTimeout);
    if (timeout != null) {
      return new SinkException(
          action + ": " + target.endpoint() + " did not answer in time (" + describe(timeout) + ")",
          Reason.NETWORK,
          true,
          error);
    }
    Throwable refused = cause(error, ConnectException.class::isInstance);
    if (refused != null) {
      return new SinkException(
          action
              + ": nothing accepts connections at "
              + target.endpoint()
              + " ("
              + describe(refused)
              + ")",
          Reason.NETWORK,
          true,
          error);
    }
    Throwable tls = cause(error, SSLException.class::isInstance);
    if (tls != null) {
      // A certificate the client does not trust stays untrusted however often it is offered.
      return new SinkException(
          action + ": TLS with " + target.endpoint() + " failed (" + describe(tls) + ")",
          Reason.INVALID,
          false,
          error);
    }
    Throwable io = cause(error, IOException.class::isInstance);
    if (io != null) {
      return new SinkException(
          action + ": connection to " + target.endpoint() + " failed (" + describe(io) + ")",
          Reason.NETWORK,
          true,
          error);
    }
    return new SinkException(action + ": " + describe(error), Reason.INVALID, false, error);
  }

  private SinkException fromStatus(String action, HttpResponseException error) {
    HttpResponse response = error.getResponse();
    int status = response.getStatusCode();
    String code = errorCode(error);
    String head = action + ": " + status + (code.isEmpty() ? "" : " " + code);
    String detail = serviceMessage(error);
    return switch (status) {
      case 401, 403 ->
          new SinkException(
              head + " — " + authorizationFix(status, code), Reason.AUTHORIZATION, false, error);
      case 404 ->
          new SinkException(
              head + " — " + notFoundFix(code, detail), Reason.NOT_FOUND, false, error);
      case 408 -> retryable(head, detail, Reason.NETWORK, response, error);
      case 429, 503 -> retryable(head, detail, Reason.THROTTLED, response, error);
      case 500, 502, 504 -> retryable(head, detail, Reason.SERVER_ERROR, response, error);
      default ->
          new SinkException(
              head + (detail.isEmpty() ? "" : ": " + detail),
              status >= 500 ? Reason.SERVER_ERROR : Reason.INVALID,
              false,
              error);
    };
  }

  private SinkException retryable(
      String head, String detail, Reason reason, HttpResponse response, Throwable error) {
    return new SinkException(
        head + (detail.isEmpty() ? "" : ": " + detail),
        reason,
        true,
        retryAfter(response.getHeaders()),
        error);
  }

  private String authorizationFix(int status, String code) {
    return switch (code) {
      case "AuthorizationPermissionMismatch", "AuthorizationFailure" ->
          "the identity lacks Storage Blob Data Contributor on " + target.scope();
      case "KeyBasedAuthenticationNotPermitted" ->
          "account "
              + target.account()
              + " does not accept account keys; authenticate with Microsoft Entra ID"
              + " (managed identity) instead of a connection string";
      case "AuthorizationSourceIPMismatch" ->
          "the firewall of account " + target.account() + " does not admit this network";
      case "AuthenticationFailed", "InvalidAuthenticationInfo" ->
          "account "
              + target.account()
              + " did not accept the credential; check that the identity belongs to the"
              + " account's tenant, or the key in the connection string";
      default ->
          status == 401
              ? "account " + target.account() + " did not accept the credential"
              : "access denied; the identity needs Storage Blob Data Contributor on "
                  + target.scope();
    };
  }

  private String notFoundFix(String code, String detail) {
    return switch (code) {
      case "FilesystemNotFound", "ContainerNotFound" ->
          target.kind()
              + " "
              + target.container()
              + " does not exist in account "
              + target.account()
              + "; create it first";
      case "ResourceNotFound", "AccountNotFound" ->
          "account "
              + target.account()
              + " or "
              + target.kind()
              + " "
              + target.container()
              + " does not exist at this endpoint";
      default -> detail.isEmpty() ? "the path does not exist" : detail;
    };
  }

  /**
   * The wait the service asked for: {@code x-ms-retry-after-ms} or {@code retry-after-ms} in
   * milliseconds, else {@code Retry-After} in seconds or as an HTTP date; null if none is usable.
   */
  Duration retryAfter(HttpHeaders headers) {
    for (HttpHeaderName name :
        new HttpHeaderName[] {X_MS_RETRY_AFTER_MS, HttpHeaderName.RETRY_AFTER_MS}) {
      String millis = headers.getValue(name);
      if (millis != null) {
        try {
          return Duration.ofMillis(Math.max(0, Long.parseLong(millis.trim())));
        } catch (NumberFormatException ignored) {
          // Fall through to the next header; a malformed hint is no hint.
        }
      }
    }
    String value = headers.getValue(HttpHeaderName.RETRY_AFTER);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at =
            ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(clock.instant(), at);
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  private static String errorCode(HttpResponseException error) {
    String code = null;
    if (error instanceof DataLakeStorageException dataLake) {
      code = dataLake.getErrorCode();
    } else if (error instanceof BlobStorageException blob && blob.getErrorCode() != null) {
      code = blob.getErrorCode().toString();
    }
    if (code == null || code.isBlank()) {
      code = error.getResponse().getHeaderValue(X_MS_ERROR_CODE);
    }
    return code == null ? "" : code.trim();
  }

  private static String serviceMessage(HttpResponseException error) {
    String message = null;
    if (error instanceof DataLakeStorageException dataLake) {
      message = dataLake.getServiceMessage();
    } else if (error instanceof BlobStorageException blob) {
      message = blob.getServiceMessage();
    }
    if (message == null || message.isBlank()) {
      String text = String.valueOf(error.getMessage());
      Matcher xml = XML_MESSAGE.matcher(text);
      Matcher json = JSON_MESSAGE.matcher(text);
      message = xml.find() ? xml.group(1) : json.find() ? json.group(1) : "";
    }
    return firstLine(message);
  }

  /** The first throwable in the cause chain that matches, or null. */
  private static Throwable cause(Throwable error, Predicate<Throwable> matches) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (matches.test(cause)) {
        return cause;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  private static boolean isTimeout(Throwable cause) {
    String message = String.valueOf(cause.getMessage());
    return cause instanceof TimeoutException
        || cause instanceof java.net.SocketTimeoutException
        || cause instanceof java.net.http.HttpTimeoutException
        // Reactor's block(timeout) reports its timeout this way.
        || (cause instanceof IllegalStateException && message.startsWith("Timeout on blocking"));
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank()
        ? error.getClass().getSimpleName()
        : error.getClass().getSimpleName() + ": " + firstLine(message);
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
