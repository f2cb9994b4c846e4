package io.clickflow.producer.sink.azure;

import static io.clickflow.producer.sink.azure.FakeDfsServer.action;
import static io.clickflow.producer.sink.azure.FakeDfsServer.any;
import static io.clickflow.producer.sink.azure.FakeDfsServer.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import io.clickflow.producer.TestClocks;
import io.clickflow.producer.sink.EventSink;
import io.clickflow.producer.sink.LandingPath;
import io.clickflow.producer.sink.SinkException;
import io.clickflow.producer.sink.SinkException.Reason;
import io.clickflow.producer.sink.SinkUri;
import io.clickflow.producer.sink.azure.FakeDfsServer.Request;
import io.clickflow.producer.sink.retry.FakeTime;
import io.clickflow.producer.sink.retry.PublishRetryMetrics;
import io.clickflow.producer.sink.retry.RetryPolicy;
import io.clickflow.producer.sink.retry.RetryingSink;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * Azurite has no DFS endpoint, so the ADLS sink is driven through the real Azure SDK against a
 * loopback HTTPS server that answers like one. The test pins the REST conversation itself: which
 * requests, in which order, with which parameters and headers.
 */
class AdlsSinkContractTest {

  private static final String ACCOUNT = "acct";
  private static final String TOKEN = "token-from-the-test-credential";
  private static final LandingPath PATH = LandingPath.of(TestClocks.NOW, "p1", 1, false);
  private static final String TARGET = "/acct/lake/landing/" + PATH.value();
  private static final Pattern TEMP =
      Pattern.compile(
          "/acct/lake/landing/"
              + Pattern.quote(TestClocks.HOUR_FOLDER)
              + "_p1-000001\\.json\\.tmp-[0-9a-f]{8}");

  private static SSLContext tls;

  private final AtomicInteger tokensIssued = new AtomicInteger();
  private FakeDfsServer server;

  @BeforeAll
  static void certificate(@TempDir Path directory) throws Exception {
    tls = LoopbackTls.selfSigned(directory);
  }

  @BeforeEach
  void startServer() throws Exception {
    server = FakeDfsServer.start(tls);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private AdlsSink sink(int blockSize) {
    TokenCredential credential =
        request -> {
          tokensIssued.incrementAndGet();
          return Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));
        };
    AzureClientOptions options =
        AzureClientOptions.defaults()
            .withEndpoint(server.endpoint(ACCOUNT))
            .withHttpClient(
                new JdkHttpClientBuilder(
                        HttpClient.newBuilder()
                            .sslContext(tls)
                            .version(HttpClient.Version.HTTP_1_1))
                    .build())
            .withRequestTimeout(Duration.ofSeconds(20))
            .withBlockSize(blockSize);
    return new AdlsSink(
        SinkUri.parse("adls://acct/lake/landing"),
        credential,
        options,
        TestClocks.fixed(),
        new SplittableRandom(3));
  }

  private static byte[] tenBytes() {
    return "{\"a\":1}\n12".getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void createAppendFlushAndRenameInThatOrderWithABearerToken() throws Exception {
    sink(4).publish(PATH, tenBytes());

    List<Request> requests = server.requests();
    assertThat(requests).hasSize(6);
    String temp = requests.get(0).path();
    assertThat(temp).matches(TEMP);
    assertThat(requests)
        .extracting(r -> r.summary("resource", "action", "position", "close"))
        .containsExactly(
            "PUT " + temp + "?resource=file",
            "PATCH " + temp + "?action=append&position=0",
            "PATCH " + temp + "?action=append&position=4",
            "PATCH " + temp + "?action=append&position=8",
            "PATCH " + temp + "?action=flush&position=10&close=true",
            "PUT " + TARGET);
    assertThat(requests).extracting(Request::bodyLength).containsExactly(0, 4, 4, 2, 0, 0);
    assertThat(requests)
        .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN))
        .allSatisfy(r -> assertThat(r.header("x-ms-version")).isNotBlank());
    Request rename = requests.get(5);
    assertThat(URLDecoder.decode(rename.header("x-ms-rename-source"), StandardCharsets.UTF_8))
        .as("the source is /<filesystem>/<temp path>, encoded like the request path")
        .isEqualTo(temp.substring("/acct".length()));
    assertThat(rename.header("If-None-Match"))
        .as("the rename replaces an existing file, as the EventSink contract asks")
        .isNull();
    assertThat(requests.get(1).header("Content-MD5")).isNotBlank();
    assertThat(requests.get(4).header("x-ms-content-type")).isEqualTo("application/x-ndjson");
    assertThat(tokensIssued).hasValue(1);
  }

  @Test
  void aSmallFileTakesOneAppendAndAnEmptyFileNone() throws Exception {
    AdlsSink sink = sink(AzureClientOptions.DEFAULT_BLOCK_SIZE);
    sink.publish(PATH, tenBytes());
    sink.publish(LandingPath.of(TestClocks.NOW, "p1", 2, true), new byte[0]);

    assertThat(server.requests())
        .extracting(r -> r.summary("resource", "action", "position", "close"))
        .filteredOn(summary -> summary.contains("action="))
        .extracting(summary -> summary.substring(summary.indexOf('?')))
        .containsExactly(
            "?action=append&position=0",
            "?action=flush&position=10&close=true",
            "?action=flush&position=0&close=true");
    assertThat(server.requests().get(5).header("x-ms-content-type")).isEqualTo("application/gzip");
  }

  @Test
  void aMissingRoleIsFatalAndNamesTheRoleAndTheScope() {
    server.fail(create(), 403, "AuthorizationPermissionMismatch", Map.of());
    EventSink sink = retrying(sink(4), new FakeTime(TestClocks.NOW), new PublishRetryMetrics());

    assertThatThrownBy(() -> sink.publish(PATH, tenBytes()))
        .isInstanceOfSatisfying(
            SinkException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.AUTHORIZATION);
              assertThat(e.retryable()).isFalse();
            })
        .hasMessage(
            "publish "
                + PATH
                + " to adls://acct/lake/landing: 403 AuthorizationPermissionMismatch — the identity"
                + " lacks Storage Blob Data Contributor on filesystem lake of account acct");
    assertThat(server.requests()).as("fatal: no retry, nothing to clean up").hasSize(1);
  }

  @Test
  void aMissingFilesystemIsFatalAndSaysSo() {
    server.fail(create(), 404, "FilesystemNotFound", Map.of());

    assertThatThrownBy(() -> sink(4).publish(PATH, tenBytes()))
        .isInstanceOfSatisfying(
            SinkException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
        .hasMessageEndingWith(
            ": 404 FilesystemNotFound — filesystem lake does not exist in account acct; create it"
                + " first");
  }

  @Test
  void a503IsRetriedAndTheAbandonedTempFileRemoved() throws Exception {
    server.fail(action("flush"), 503, "ServerBusy", Map.of());
    FakeTime time = new FakeTime(TestClocks.NOW);
    PublishRetryMetrics metrics = new PublishRetryMetrics();

    retrying(sink(AzureClientOptions.DEFAULT_BLOCK_SIZE), time, metrics).publish(PATH, tenBytes());

    List<Request> requests = server.requests();
    String firstTemp = requests.get(0).path();
    String secondTemp = requests.get(4).path();
    assertThat(requests)
        .extracting(r -> r.summary("resource", "action", "close"))
        .containsExactly(
            "PUT " + firstTemp + "?resource=file",
            "PATCH " + firstTemp + "?action=append",
            "PATCH " + firstTemp + "?action=flush&close=true",
            "DELETE " + firstTemp,
            "PUT " + secondTemp + "?resource=file",
            "PATCH " + secondTemp + "?action=append",
            "PATCH " + secondTemp + "?action=flush&close=true",
            "PUT " + TARGET);
    assertThat(secondTemp).matches(TEMP).isNotEqualTo(firstTemp);
    assertThat(metrics.retries()).isEqualTo(1);
    assertThat(time.sleeps()).hasSize(1);
  }

  @Test
  void a429WaitsAtLeastWhatRetryAfterAsks() throws Exception {
    server.fail(create(), 429, "TooManyRequests", Map.of("Retry-After", "7"));
    FakeTime time = new FakeTime(TestClocks.NOW);

    retrying(sink(4), time, new PublishRetryMetrics()).publish(PATH, tenBytes());

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7));
    assertThat(server.requests().get(server.requests().size() - 1).path()).isEqualTo(TARGET);
  }

  @Test
  void lastSequenceListsRecursivelyBelowThePrefix() throws Exception {
    server.addPath("landing/2026", true);
    server.addPath("landing/2026/03/14/15/p1-000007.json", false);
    server.addPath("landing/2026/03/14/16/p1-000012.json.gz", false);
    server.addPath("landing/2026/03/14/16/_p1-000099.json.tmp-0badc0de", false);
    server.addPath("landing/2026/03/14/16/p2-000050.json", false);

    assertThat(sink(4).lastSequence("p1")).isEqualTo(12);

    Request list = server.requests().get(0);
    assertThat(list.method()).isEqualTo("GET");
    assertThat(list.path()).isEqualTo("/acct/lake");
    assertThat(list.query())
        .containsEntry("resource", "filesystem")
        .containsEntry("recursive", "true")
        .containsEntry("directory", "landing");
  }

  @Test
  void aPrefixThatDoesNotExistYetHoldsNoFilesButAMissingFilesystemIsAnError() throws Exception {
    server.listingNotFound("PathNotFound");
    assertThat(sink(4).lastSequence("p1")).isZero();

    server.listingNotFound("FilesystemNotFound");
    assertThatThrownBy(() -> sink(4).lastSequence("p1"))
        .isInstanceOf(SinkException.class)
        .hasMessage(
            "list adls://acct/lake/landing for earlier files of producer p1: 404 FilesystemNotFound"
                + " — filesystem lake does not exist in account acct; create it first");
  }

  @Test
  void publishThenListAgreeOnTheLayout() throws Exception {
    AdlsSink sink = sink(4);
    sink.publish(PATH, tenBytes());
    sink.publish(LandingPath.of(TestClocks.NOW, "p1", 2, false), tenBytes());
    assertThat(sink.lastSequence("p1")).isEqualTo(2);
  }

  @Test
  void everyFailureAfterCreateRemovesTheTempFile() {
    server.fail(
        any().and(r -> "PUT".equals(r.method()) && r.header("x-ms-rename-source") != null),
        409,
        "RenameDestinationParentPathNotFound",
        Map.of());

    assertThatThrownBy(() -> sink(4).publish(PATH, tenBytes()))
        .isInstanceOfSatisfying(
            SinkException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.INVALID);
              assertThat(e.retryable()).isFalse();
            })
        .hasMessageContaining(": 409 RenameDestinationParentPathNotFound");
    List<Request> requests = server.requests();
    assertThat(requests.get(requests.size() - 1).method()).isEqualTo("DELETE");
    assertThat(requests.get(requests.size() - 1).path()).matches(TEMP);
  }

  private static EventSink retrying(EventSink sink, FakeTime time, PublishRetryMetrics metrics) {
    return new RetryingSink(
        sink, RetryPolicy.DEFAULT, time, time, new SplittableRandom(5), metrics);
  }
}
