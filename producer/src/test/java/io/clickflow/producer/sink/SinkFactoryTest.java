package io.clickflow.producer.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.clickflow.producer.TestClocks;
import io.clickflow.producer.sink.azure.AdlsSink;
import io.clickflow.producer.sink.azure.BlobSink;
import io.clickflow.producer.sink.retry.PublishRetryMetrics;
import io.clickflow.producer.sink.retry.RetryPolicy;
import io.clickflow.producer.sink.retry.RetryingSink;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Opening a sink makes no request, so every scheme can be opened here without a service. */
class SinkFactoryTest {

  private static EventSink open(String uri, SinkSettings settings, Map<String, String> env) {
    return SinkFactory.open(SinkUri.parse(uri), settings, env, TestClocks.fixed());
  }

  @Test
  void opensALocalFolderSinkAtTheDirectory() {
    EventSink sink = SinkFactory.open(SinkUri.parse("local:/data/landing"));
    assertThat(sink).isInstanceOf(LocalFolderSink.class);
    assertThat(((LocalFolderSink) sink).root()).isEqualTo(Path.of("/data/landing"));
  }

  @Test
  void opensEachCloudSchemeWithItsImplementation() {
    assertThat(open("adls://acct/landing/events", SinkSettings.DEFAULTS, Map.of()))
        .isInstanceOf(AdlsSink.class)
        .extracting(EventSink::describe)
        .isEqualTo("adls://acct/landing/events");
    assertThat(open("blob://acct/landing/events", SinkSettings.DEFAULTS, Map.of()))
        .isInstanceOf(BlobSink.class);
    assertThat(open("azurite:landing", SinkSettings.DEFAULTS, Map.of()))
        .isInstanceOf(BlobSink.class)
        .extracting(EventSink::describe)
        .isEqualTo("azurite:landing");
  }

  @Test
  void theProducersSinkRetriesUnderTheConfiguredPolicy() {
    SinkSettings settings = SinkSettings.DEFAULTS.withRetry(RetryPolicy.DEFAULT.withMaxAttempts(3));
    EventSink sink =
        SinkFactory.openWithRetries(
            SinkUri.parse("local:/data/landing"),
            settings,
            TestClocks.fixed(),
            new PublishRetryMetrics());
    assertThat(sink).isInstanceOf(RetryingSink.class);
    assertThat(((RetryingSink) sink).policy().maxAttempts()).isEqualTo(3);
    assertThat(sink.describe()).isEqualTo("local:/data/landing");
  }

  @Test
  void aBlobConnectionStringMustBeForTheAccountTheUriNames() {
    // A made-up key: the test only needs a well-formed connection string for another account.
    String otherAccount =
        "DefaultEndpointsProtocol=https;AccountName=other;AccountKey=a2V5;EndpointSuffix=core.windows.net";
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                open(
                    "blob://acct/landing",
                    SinkSettings.DEFAULTS.withConnectionString(otherAccount),
                    Map.of()))
        .withMessage(
            "sink blob://acct/landing names account acct but the connection string is for other")
        .withMessageNotContaining("a2V5");
  }

  @Test
  void anInvalidConnectionStringIsRefusedWithoutQuotingIt() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                open(
                    "azurite:landing",
                    SinkSettings.DEFAULTS.withConnectionString("AccountKey=c2VjcmV0"),
                    Map.of()))
        .withMessageContaining("the connection string is not valid")
        .withMessageNotContaining("c2VjcmV0");
  }

  @Test
  void settingsThatDoNotApplyAreRefusedBeforeAnythingOpens() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                open(
                    "adls://acct/landing",
                    SinkSettings.DEFAULTS.withConnectionString("UseDevelopmentStorage=true"),
                    Map.of()))
        .withMessageContaining("adls:// authenticates with Microsoft Entra ID only");
  }
}
