package io.clickflow.producer.sink.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickflow.producer.TestClocks;
import io.clickflow.producer.sink.EventSink;
import io.clickflow.producer.sink.EventSinkContractTest;
import io.clickflow.producer.sink.LandingPath;
import io.clickflow.producer.sink.SinkException;
import io.clickflow.producer.sink.SinkFactory;
import io.clickflow.producer.sink.SinkSettings;
import io.clickflow.producer.sink.SinkUri;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The EventSink contract against the Blob sink on a real Azurite. */
@ExtendWith(AzuriteExtension.class)
class BlobSinkContractTest extends EventSinkContractTest {

  private static final String PREFIX = "landing/events";

  private Azurite azurite;
  private String container;

  @BeforeEach
  void emulator(Azurite azurite) {
    this.azurite = azurite;
  }

  @Override
  protected EventSink newSink() {
    container = azurite.newContainer("contract");
    return sink(AzureClientOptions.defaults());
  }

  private EventSink sink(AzureClientOptions options) {
    return BlobSink.withConnectionString(
        SinkUri.parse("azurite:" + container + "/" + PREFIX),
        azurite.connectionString(),
        options,
        TestClocks.fixed());
  }

  /** Every committed blob in the container, so anything outside the prefix would show too. */
  @Override
  protected Map<String, byte[]> visibleFiles(EventSink sink) {
    return azurite.blobs(container, PREFIX);
  }

  @Test
  void aFileLargerThanABlockIsStagedInPartsAndCommittedWhole() throws Exception {
    newSink();
    EventSink sink = sink(AzureClientOptions.defaults().withBlockSize(7));
    byte[] content = "0123456789abcdefghijklmnopqrstuvwxyz\n".getBytes(StandardCharsets.UTF_8);
    LandingPath path = LandingPath.of(TestClocks.NOW, "p1", 1, false);

    sink.publish(path, content);

    assertThat(visibleFiles(sink)).containsOnlyKeys(path.value());
    assertThat(visibleFiles(sink).get(path.value())).isEqualTo(content);
    var properties =
        azurite
            .client()
            .getBlobContainerClient(container)
            .getBlobClient(PREFIX + "/" + path.value())
            .getBlockBlobClient()
            .listBlocks(com.azure.storage.blob.models.BlockListType.COMMITTED);
    assertThat(properties.getCommittedBlocks()).hasSize(6);
  }

  @Test
  void describesItselfAsGiven() {
    newSink();
    assertThat(sink(AzureClientOptions.defaults()).describe())
        .isEqualTo("azurite:" + container + "/" + PREFIX);
  }

  @Test
  void aMissingContainerFailsAtOnceAndSaysWhichOneToCreate() {
    container = "missing-" + ProcessHandle.current().pid();
    EventSink sink = sink(AzureClientOptions.defaults());
    LandingPath path = LandingPath.of(TestClocks.NOW, "p1", 1, false);

    assertThatThrownBy(() -> sink.publish(path, new byte[] {'x'}))
        .isInstanceOfSatisfying(
            SinkException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SinkException.Reason.NOT_FOUND);
              assertThat(e.retryable()).isFalse();
            })
        .hasMessage(
            "publish "
                + path
                + " to azurite:"
                + container
                + "/"
                + PREFIX
                + ": 404 ContainerNotFound — container "
                + container
                + " does not exist in account "
                + azurite.account()
                + "; create it first");
    assertThatThrownBy(() -> sink.lastSequence("p1"))
        .isInstanceOf(SinkException.class)
        .hasMessageContaining("list azurite:" + container)
        .hasMessageContaining("does not exist in account");
  }

  @Test
  void aRejectedKeyIsFatalAndNeverQuotedInTheMessage() {
    container = azurite.newContainer("auth");
    String wrongKey =
        java.util.Base64.getEncoder().encodeToString("not the emulator's key".getBytes());
    String connectionString =
        azurite.connectionString().replaceAll("AccountKey=[^;]+", "AccountKey=" + wrongKey);
    EventSink sink =
        BlobSink.withConnectionString(
            SinkUri.parse("azurite:" + container),
            connectionString,
            AzureClientOptions.defaults(),
            TestClocks.fixed());

    assertThatThrownBy(
            () -> sink.publish(LandingPath.of(TestClocks.NOW, "p1", 1, false), new byte[] {'x'}))
        .isInstanceOfSatisfying(
            SinkException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SinkException.Reason.AUTHORIZATION);
              assertThat(e.retryable()).isFalse();
            })
        .hasMessageContaining(": 403 AuthorizationFailure")
        .hasMessageNotContaining(wrongKey);
  }

  @Test
  void theAzuriteShorthandTakesTheConnectionStringFromTheEnvironment() throws Exception {
    container = azurite.newContainer("env");
    EventSink sink =
        SinkFactory.open(
            SinkUri.parse("azurite:" + container),
            SinkSettings.DEFAULTS,
            Map.of(SinkSettings.CONNECTION_STRING_ENV, azurite.connectionString()),
            TestClocks.fixed());
    LandingPath path = LandingPath.of(TestClocks.NOW, "p7", 3, false);

    sink.publish(path, new byte[] {'x', '\n'});

    assertThat(azurite.blobs(container, "")).containsOnlyKeys(path.value());
    assertThat(sink.lastSequence("p7")).isEqualTo(3);
  }
}
