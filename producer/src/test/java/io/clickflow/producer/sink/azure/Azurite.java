package io.clickflow.producer.sink.azure;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running Azurite Blob endpoint, from {@link AzuriteExtension}.
 *
 * @param connectionString holds the run's random account key; never print it
 */
public record Azurite(String account, String connectionString, String blobEndpoint) {

  private static final AtomicInteger CONTAINERS = new AtomicInteger();

  /** A client that reads behind the sink's back, with the SDK's default settings. */
  public BlobServiceClient client() {
    return new BlobServiceClientBuilder()
        .connectionString(connectionString)
        .httpClient(AzureClientOptions.defaultHttpClient())
        .buildClient();
  }

  /** Creates an empty container with a name no other test uses, and returns the name. */
  public String newContainer(String stem) {
    String name = stem + "-" + ProcessHandle.current().pid() + "-" + CONTAINERS.incrementAndGet();
    client().createBlobContainer(name);
    return name;
  }

  /** Every committed blob of the container below {@code prefix}, by name relative to it. */
  public Map<String, byte[]> blobs(String container, String prefix) {
    BlobContainerClient client = client().getBlobContainerClient(container);
    String start = prefix.isEmpty() ? "" : prefix + "/";
    Map<String, byte[]> blobs = new TreeMap<>();
    for (BlobItem item : client.listBlobs()) {
      String name = item.getName();
      blobs.put(
          name.startsWith(start) ? name.substring(start.length()) : "(outside prefix) " + name,
          client.getBlobClient(name).downloadContent().toBytes());
    }
    return blobs;
  }

  @Override
  public String toString() {
    return "Azurite[" + blobEndpoint + "]";
  }
}
