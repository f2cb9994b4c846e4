package io.clickflow.producer.sink.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.ClientOptions;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the Azure sinks build their SDK clients.
 *
 * @param endpoint the account's endpoint, e.g. {@code https://acct.dfs.core.windows.net}; a
 *     loopback test endpoint takes the account as its first path segment, {@code
 *     https://127.0.0.1:8443/acct}
 * @param requestTimeout how long one HTTP request may take before it counts as a timeout
 * @param httpClient the transport; tests pass one that trusts their server
 * @param policies extra pipeline policies, run on every try after authentication; tests inject
 *     faults with them
 * @param blockSize bytes per staged block (Blob) or append (ADLS); a larger file is sent in parts
 */
public record AzureClientOptions(
    URI endpoint,
    Duration requestTimeout,
    HttpClient httpClient,
    List<HttpPipelinePolicy> policies,
    int blockSize) {

  /** 4 MiB: one request for a file of the default size limit's half, two for a full one. */
  public static final int DEFAULT_BLOCK_SIZE = 4 * 1024 * 1024;

  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

  public AzureClientOptions {
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(httpClient, "httpClient");
    policies = List.copyOf(policies);
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("request timeout must be positive, got " + requestTimeout);
    }
    if (blockSize < 1 || blockSize > 100 * 1024 * 1024) {
      throw new IllegalArgumentException(
          "block size must be between 1 byte and 100 MiB, got " + blockSize);
    }
    if (endpoint != null
        && (!endpoint.isAbsolute()
            || !("https".equals(endpoint.getScheme()) || "http".equals(endpoint.getScheme()))
            || endpoint.getHost() == null)) {
      throw new IllegalArgumentException(
          "endpoint must be an http(s) URL such as https://acct.dfs.core.windows.net, got "
              + endpoint);
    }
  }

  /** The JDK's own HTTP client, the default endpoint, 60 s per request, 4 MiB blocks. */
  public static AzureClientOptions defaults() {
    return new AzureClientOptions(
        null, DEFAULT_REQUEST_TIMEOUT, defaultHttpClient(), List.of(), DEFAULT_BLOCK_SIZE);
  }

  public AzureClientOptions withEndpoint(URI newEndpoint) {
    return new AzureClientOptions(newEndpoint, requestTimeout, httpClient, policies, blockSize);
  }

  public AzureClientOptions withRequestTimeout(Duration newTimeout) {
    return new AzureClientOptions(endpoint, newTimeout, httpClient, policies, blockSize);
  }

  public AzureClientOptions withHttpClient(HttpClient newClient) {
    return new AzureClientOptions(endpoint, requestTimeout, newClient, policies, blockSize);
  }

  public AzureClientOptions withPolicies(List<HttpPipelinePolicy> newPolicies) {
    return new AzureClientOptions(endpoint, requestTimeout, httpClient, newPolicies, blockSize);
  }

  public AzureClientOptions withBlockSize(int newBlockSize) {
    return new AzureClientOptions(endpoint, requestTimeout, httpClient, policies, newBlockSize);
  }

  /** The endpoint to use: the given one, or the public cloud's for the account and service. */
  String endpointFor(String account, String service) {
    return endpoint != null
        ? endpoint.toString()
        : "https://" + account + "." + service + ".core.windows.net";
  }

  /**
   * The SDK tries each request exactly once. Retries belong to one layer only, {@code
   * RetryingSink}, which retries whole publishes, honours Retry-After and counts every retry in the
   * metrics; SDK retries underneath would multiply with it (8 publish attempts times 4 tries of
   * each request) and stay invisible. What remains of the SDK's retry policy is the per-try
   * timeout.
   */
  RequestRetryOptions sdkRetryOptions() {
    return new RequestRetryOptions(RetryPolicyType.FIXED, 1, requestTimeout, null, null, null);
  }

  ClientOptions clientOptions() {
    return new ClientOptions().setApplicationId("clickflow-producer");
  }

  static HttpClient defaultHttpClient() {
    return new JdkHttpClientBuilder().build();
  }
}
