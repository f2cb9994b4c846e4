package io.clickflow.producer.sink.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import io.clickflow.producer.TestClocks;
import io.clickflow.producer.sink.SinkException;
import io.clickflow.producer.sink.SinkException.Reason;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AzureErrorsTest {

  private static final String ACTION = "publish 2026/03/14/15/p1-000001.json to adls://acct/fs";
  private final AzureErrors errors =
      new AzureErrors(
          new AzureErrors.Target("filesystem", "acct", "fs", "https://acct.dfs.core.windows.net"),
          TestClocks.fixed());

  private static HttpResponseException http(int status, String code, HttpHeaders headers) {
    HttpRequest request = new HttpRequest(HttpMethod.PUT, "https://acct.dfs.core.windows.net/fs/x");
    StubResponse response = StubResponse.error(request, status, code, headers);
    String body = response.getBodyAsString().block();
    // The SDK's own message: the status, then the whole response body.
    return new HttpResponseException("Status code " + status + ", \"" + body + "\"", response);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "403 | AuthorizationPermissionMismatch | AUTHORIZATION | false | the identity lacks Storage Blob Data Contributor on filesystem fs of account acct",
        "403 | AuthorizationFailure            | AUTHORIZATION | false | the identity lacks Storage Blob Data Contributor on filesystem fs of account acct",
        "403 | KeyBasedAuthenticationNotPermitted | AUTHORIZATION | false | does not accept account keys",
        "403 | AuthenticationFailed            | AUTHORIZATION | false | did not accept the credential",
        "401 | InvalidAuthenticationInfo       | AUTHORIZATION | false | did not accept the credential",
        "403 | AuthorizationSourceIPMismatch   | AUTHORIZATION | false | firewall of account acct",
        "404 | FilesystemNotFound              | NOT_FOUND     | false | filesystem fs does not exist in account acct",
        "404 | ContainerNotFound               | NOT_FOUND     | false | filesystem fs does not exist in account acct",
        "408 | OperationTimedOut               | NETWORK       | true  | 408 OperationTimedOut",
        "429 | TooManyRequests                 | THROTTLED     | true  | 429 TooManyRequests",
        "500 | InternalError                   | SERVER_ERROR  | true  | 500 InternalError",
        "502 | BadGateway                      | SERVER_ERROR  | true  | 502 BadGateway",
        "503 | ServerBusy                      | THROTTLED     | true  | 503 ServerBusy",
        "504 | GatewayTimeout                  | SERVER_ERROR  | true  | 504 GatewayTimeout",
        "501 | NotImplemented                  | SERVER_ERROR  | false | 501 NotImplemented",
        "400 | InvalidQueryParameterValue      | INVALID       | false | 400 InvalidQueryParameterValue: Injected by the test.",
        "409 | PathConflict                    | INVALID       | false | 409 PathConflict",
        "412 | ConditionNotMet                 | INVALID       | false | 412 ConditionNotMet",
      })
  void statusAndCodeDecideReasonRetryAndFix(
      int status, String code, Reason reason, boolean retryable, String message) {
    SinkException e = errors.toSinkException(ACTION, http(status, code, new HttpHeaders()));

    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.retryable()).isEqualTo(retryable);
    assertThat(e).hasMessageStartingWith(ACTION + ": " + status + " " + code);
    assertThat(e).hasMessageContaining(message);
    assertThat(e.getMessage()).doesNotContain("\n");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "Retry-After, 12, PT12S",
    "retry-after-ms, 1500, PT1.5S",
    "x-ms-retry-after-ms, 250, PT0.25S",
    "Retry-After, 'Sat, 14 Mar 2026 15:09:46 GMT', PT19.465S",
    "Retry-After, 'Sat, 14 Mar 2026 15:00:00 GMT', PT0S",
    "Retry-After, soon, ",
  })
  void retryAfterIsReadInEveryFormTheServiceUses(String header, String value, Duration wait) {
    HttpHeaders headers = new HttpHeaders().set(HttpHeaderName.fromString(header), value);

    SinkException e = errors.toSinkException(ACTION, http(503, "ServerBusy", headers));

    assertThat(e.retryAfter()).isEqualTo(java.util.Optional.ofNullable(wait));
  }

  @Test
  void timeoutsAndBrokenConnectionsAreRetryableNetworkFailures() {
    SinkException timeout =
        errors.toSinkException(
            ACTION, new RuntimeException(new TimeoutException("Did not observe any item")));
    SinkException socket =
        errors.toSinkException(
            ACTION, new UncheckedIOException(new SocketTimeoutException("Read timed out")));
    SinkException reset =
        errors.toSinkException(
            ACTION, new UncheckedIOException(new java.io.IOException("Connection reset")));
    SinkException refused =
        errors.toSinkException(
            ACTION, new RuntimeException(new ConnectException("Connection refused")));
    SinkException blocked =
        errors.toSinkException(
            ACTION, new IllegalStateException("Timeout on blocking read for 60000 MILLISECONDS"));

    assertThat(java.util.List.of(timeout, socket, reset, refused, blocked))
        .allSatisfy(
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.NETWORK);
              assertThat(e.retryable()).isTrue();
            });
    assertThat(timeout)
        .hasMessage(
            ACTION
                + ": https://acct.dfs.core.windows.net did not answer in time (TimeoutException:"
                + " Did not observe any item)");
    assertThat(reset)
        .hasMessage(
            ACTION
                + ": connection to https://acct.dfs.core.windows.net failed (IOException:"
                + " Connection reset)");
  }

  @Test
  void anUnknownHostPointsAtTheAccountName() {
    SinkException e =
        errors.toSinkException(
            ACTION,
            new UncheckedIOException(
                new java.io.IOException(new UnknownHostException("acct.dfs.core.windows.net"))));

    assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
    assertThat(e.retryable()).isFalse();
    assertThat(e).hasMessageContaining("check the account name acct");
  }

  @Test
  void noTokenSaysHowToGetOne() {
    SinkException e =
        errors.toSinkException(
            ACTION,
            new ClientAuthenticationException(
                "DefaultAzureCredential failed to retrieve a token from the included credentials.\nmore",
                null));

    assertThat(e.reason()).isEqualTo(Reason.AUTHORIZATION);
    assertThat(e.retryable()).isFalse();
    assertThat(e)
        .hasMessage(
            ACTION
                + ": no access token for Azure Storage (DefaultAzureCredential failed to retrieve a"
                + " token from the included credentials.) — run where a managed identity is"
                + " assigned (--identity-client-id for a user-assigned one), or sign in with the"
                + " Azure CLI (az login)");
  }

  @Test
  void anUntrustedCertificateIsNotRetried() {
    SinkException e =
        errors.toSinkException(
            ACTION,
            new UncheckedIOException(
                new javax.net.ssl.SSLHandshakeException("PKIX path building failed")));

    assertThat(e.reason()).isEqualTo(Reason.INVALID);
    assertThat(e.retryable()).isFalse();
    assertThat(e).hasMessageContaining("TLS with https://acct.dfs.core.windows.net failed");
  }

  @Test
  void anythingElseIsFatalAndKeepsItsCause() {
    IllegalArgumentException bug = new IllegalArgumentException("bad block id");
    SinkException e = errors.toSinkException(ACTION, bug);

    assertThat(e.reason()).isEqualTo(Reason.INVALID);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getCause()).isSameAs(bug);
  }
}
