package io.clickflow.producer.sink.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.file.datalake.DataLakeFileClient;
import com.azure.storage.file.datalake.DataLakeFileSystemClient;
import com.azure.storage.file.datalake.DataLakeServiceClientBuilder;
import com.azure.storage.file.datalake.models.DataLakeStorageException;
import com.azure.storage.file.datalake.models.ListPathsOptions;
import com.azure.storage.file.datalake.models.PathHttpHeaders;
import com.azure.storage.file.datalake.models.PathItem;
import com.azure.storage.file.datalake.options.DataLakeFileFlushOptions;
import io.clickflow.producer.sink.EventSink;
import io.clickflow.producer.sink.LandingPath;
import io.clickflow.producer.sink.SinkException;
import io.clickflow.producer.sink.SinkUri;
import io.clickflow.producer.sink.SinkUri.CloudLocation;
import java.time.Clock;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Publishes into ADLS Gen2 through the DFS endpoint. Each file is written to a temp path in its
 * target folder, {@code _<name>.tmp-<random>}, by create, append(s) and a closing flush, and then
 * renamed onto its final path. On a hierarchical namespace the rename is atomic and replaces an
 * existing file, so a reader sees no file or the whole file, and a retried publish replaces rather
 * than duplicates. The random part keeps a late request of an abandoned attempt away from the temp
 * file of the next attempt.
 *
 * <p>Authenticates with a Microsoft Entra ID token only; the identity needs Storage Blob Data
 * Contributor on the filesystem.
 */
public final class AdlsSink implements EventSink {

  private final DataLakeFileSystemClient fileSystem;
  private final CloudLocation location;
  private final String description;
  private final int blockSize;
  private final RandomGenerator random;
  private final AzureErrors errors;

  /**
   * @param identityClientId a user-assigned managed identity's client id, or null for {@code
   *     DefaultAzureCredential}
   */
  public static AdlsSink open(
      SinkUri uri, String identityClientId, AzureClientOptions options, Clock clock) {
    return new AdlsSink(
        uri,
        AzureCredentials.forIdentity(identityClientId),
        options,
        clock,
        new SplittableRandom());
  }

  AdlsSink(
      SinkUri uri,
      TokenCredential credential,
      AzureClientOptions options,
      Clock clock,
      RandomGenerator random) {
    if (!SinkUri.ADLS.equals(uri.scheme())) {
      throw new IllegalArgumentException("not an adls:// sink: " + uri);
    }
    this.location = uri.cloud();
    this.description = uri.toString();
    this.blockSize = options.blockSize();
    this.random = Objects.requireNonNull(random, "random");
    String endpoint = options.endpointFor(location.account(), "dfs");
    this.errors =
        new AzureErrors(
            new AzureErrors.Target(
                "filesystem", location.account(), location.container(), endpoint),
            clock);
    var builder =
        new DataLakeServiceClientBuilder()
            .endpoint(endpoint)
            .credential(Objects.requireNonNull(credential, "credential"))
            .httpClient(options.httpClient())
            .retryOptions(options.sdkRetryOptions())
            .clientOptions(options.clientOptions());
    options.policies().forEach(builder::addPolicy);
    this.fileSystem = builder.buildClient().getFileSystemClient(location.container());
  }

  @Override
  public void publish(LandingPath path, byte[] content) throws SinkException {
    String target = location.pathOf(path);
    String folder = target.substring(0, target.lastIndexOf('/') + 1);
    String tempPath =
        folder + "_" + path.fileName() + ".tmp-" + String.format("%08x", random.nextInt());
    DataLakeFileClient temp = fileSystem.getFileClient(tempPath);
    boolean created = false;
    try {
      temp.create(true);
      created = true;
      for (int offset = 0; offset < content.length; offset += blockSize) {
        byte[] part = Payload.slice(content, offset, blockSize);
        temp.appendWithResponse(
            BinaryData.fromBytes(part), offset, Payload.md5(part), null, null, Context.NONE);
      }
      temp.flushWithResponse(
          content.length,
          new DataLakeFileFlushOptions()
              .setClose(true)
              .setPathHttpHeaders(new PathHttpHeaders().setContentType(Payload.contentType(path))),
          null,
          Context.NONE);
      temp.renameWithResponse(null, target, null, null, null, Context.NONE);
    } catch (RuntimeException e) {
      SinkException failure = errors.toSinkException("publish " + path + " to " + description, e);
      if (created) {
        deleteQuietly(temp, failure);
      }
      throw failure;
    }
  }

  @Override
  public long lastSequence(String producerId) throws SinkException {
    ListPathsOptions options = new ListPathsOptions().setRecursive(true);
    if (!location.prefix().isEmpty()) {
      options.setPath(location.prefix());
    }
    try {
      long last = 0;
      for (PathItem item : fileSystem.listPaths(options, null)) {
        if (!item.isDirectory()) {
          String name = item.getName();
          last =
              Math.max(
                  last,
                  LandingPath.sequenceOf(name.substring(name.lastIndexOf('/') + 1), producerId));
        }
      }
      return last;
    } catch (DataLakeStorageException e) {
      // A prefix folder that does not exist yet holds no files; a missing filesystem is an error.
      if (e.getStatusCode() == 404 && "PathNotFound".equals(e.getErrorCode())) {
        return 0;
      }
      throw errors.toSinkException(listAction(producerId), e);
    } catch (RuntimeException e) {
      throw errors.toSinkException(listAction(producerId), e);
    }
  }

  @Override
  public String describe() {
    return description;
  }

  private String listAction(String producerId) {
    return "list " + description + " for earlier files of producer " + producerId;
  }

  private static void deleteQuietly(DataLakeFileClient temp, SinkException failure) {
    try {
      temp.deleteIfExists();
    } catch (RuntimeException e) {
      // The temp name starts with '_', so readers skip what cannot be removed now.
      failure.addSuppressed(e);
    }
  }
}
