package io.clickflow.producer.sink.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import io.clickflow.producer.sink.EventSink;
import io.clickflow.producer.sink.LandingPath;
import io.clickflow.producer.sink.SinkException;
import io.clickflow.producer.sink.SinkUri;
import io.clickflow.producer.sink.SinkUri.CloudLocation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Publishes through the Blob API, for accounts without a hierarchical namespace and for the Azurite
 * emulator. The content is staged as uncommitted blocks, which no listing or read shows, and then
 * made visible in one step by committing the block list; the commit replaces an existing blob, so a
 * retried publish replaces rather than duplicates. Block ids carry a random part per attempt, so a
 * late block of an abandoned attempt never ends up in the next attempt's list. Uncommitted blocks
 * of a failed attempt are discarded by the service (after a week at the latest).
 *
 * <p>A {@code blob://} sink authenticates with Microsoft Entra ID, or with a connection string when
 * one is given explicitly; an {@code azurite:} sink always with the emulator's connection string.
 */
public final class BlobSink implements EventSink {

  private final BlobContainerClient container;
  private final CloudLocation location;
  private final String description;
  private final int blockSize;
  private final RandomGenerator random;
  private final AzureErrors errors;

  /** A sink that authenticates with a token: the default chain, or a user-assigned identity. */
  public static BlobSink withIdentity(
      SinkUri uri, String identityClientId, AzureClientOptions options, Clock clock) {
    return new BlobSink(
        uri,
        builder(options)
            .endpoint(options.endpointFor(uri.cloud().account(), "blob"))
            .credential(AzureCredentials.forIdentity(identityClientId)),
        options,
        clock,
        new SplittableRandom());
  }

  /**
   * A sink that authenticates with a connection string, as an emulator needs. For {@code blob://}
   * the connection string must be for the account the URI names.
   */
  public static BlobSink withConnectionString(
      SinkUri uri, String connectionString, AzureClientOptions options, Clock clock) {
    BlobServiceClientBuilder builder;
    try {
      builder = builder(options).connectionString(connectionString);
    } catch (RuntimeException e) {
      // The SDK's message may quote the connection string, key and all; it stays out of ours.
      throw new IllegalArgumentException(
          "sink "
              + uri
              + ": the connection string is not valid (expected UseDevelopmentStorage=true, or"
              + " DefaultEndpointsProtocol=http;AccountName=...;AccountKey=...;BlobEndpoint=...)");
    }
    return new BlobSink(uri, builder, options, clock, new SplittableRandom());
  }

  /** A token-authenticated sink on an explicit builder setup; for tests. */
  static BlobSink withToken(
      SinkUri uri,
      TokenCredential credential,
      AzureClientOptions options,
      Clock clock,
      RandomGenerator random) {
    return new BlobSink(
        uri,
        builder(options)
            .endpoint(options.endpointFor(uri.cloud().account(), "blob"))
            .credential(credential),
        options,
        clock,
        random);
  }

  private BlobSink(
      SinkUri uri,
      BlobServiceClientBuilder builder,
      AzureClientOptions options,
      Clock clock,
      RandomGenerator random) {
    if (!SinkUri.BLOB.equals(uri.scheme()) && !SinkUri.AZURITE.equals(uri.scheme())) {
      throw new IllegalArgumentException("not a blob:// or azurite: sink: " + uri);
    }
    CloudLocation named = uri.cloud();
    BlobServiceClient service = builder.buildClient();
    String account = service.getAccountName();
    if (!named.account().isEmpty() && account != null && !named.account().equals(account)) {
      throw new IllegalArgumentException(
          "sink "
              + uri
              + " names account "
              + named.account()
              + " but the connection string is for "
              + account);
    }
    this.location =
        new CloudLocation(
            account != null ? account : named.account(), named.container(), named.prefix());
    this.description = uri.toString();
    this.blockSize = options.blockSize();
    this.random = Objects.requireNonNull(random, "random");
    this.errors =
        new AzureErrors(
            new AzureErrors.Target(
                "container", location.account(), location.container(), service.getAccountUrl()),
            clock);
    this.container = service.getBlobContainerClient(location.container());
  }

  private static BlobServiceClientBuilder builder(AzureClientOptions options) {
    BlobServiceClientBuilder builder =
        new BlobServiceClientBuilder()
            .httpClient(options.httpClient())
            .retryOptions(options.sdkRetryOptions())
            .clientOptions(options.clientOptions());
    options.policies().forEach(builder::addPolicy);
    return builder;
  }

  @Override
  public void publish(LandingPath path, byte[] content) throws SinkException {
    BlockBlobClient blob = container.getBlobClient(location.pathOf(path)).getBlockBlobClient();
    String attempt = String.format("%08x", random.nextInt());
    try {
      List<String> blockIds = new ArrayList<>();
      for (int offset = 0; offset < content.length; offset += blockSize) {
        byte[] part = Payload.slice(content, offset, blockSize);
        String blockId = blockId(attempt, blockIds.size());
        blob.stageBlockWithResponse(
            new BlockBlobStageBlockOptions(blockId, BinaryData.fromBytes(part))
                .setContentMd5(Payload.md5(part)),
            null,
            Context.NONE);
        blockIds.add(blockId);
      }
      // No request conditions: the commit overwrites, as the EventSink contract asks.
      blob.commitBlockListWithResponse(
          new BlockBlobCommitBlockListOptions(blockIds)
              .setHeaders(new BlobHttpHeaders().setContentType(Payload.contentType(path))),
          null,
          Context.NONE);
    } catch (RuntimeException e) {
      throw errors.toSinkException("publish " + path + " to " + description, e);
    }
  }

  @Override
  public long lastSequence(String producerId) throws SinkException {
    ListBlobsOptions options = new ListBlobsOptions().setMaxResultsPerPage(5000);
    if (!location.prefix().isEmpty()) {
      options.setPrefix(location.prefix() + "/");
    }
    try {
      long last = 0;
      for (BlobItem item : container.listBlobs(options, null)) {
        String name = item.getName();
        last =
            Math.max(
                last,
                LandingPath.sequenceOf(name.substring(name.lastIndexOf('/') + 1), producerId));
      }
      return last;
    } catch (RuntimeException e) {
      throw errors.toSinkException(
          "list " + description + " for earlier files of producer " + producerId, e);
    }
  }

  @Override
  public String describe() {
    return description;
  }

  /** Block ids of one blob must all have the same length: attempt and index are fixed-width. */
  private static String blockId(String attempt, int index) {
    return Base64.getEncoder()
        .encodeToString(
            (attempt + "-" + String.format("%06d", index)).getBytes(StandardCharsets.US_ASCII));
  }
}
