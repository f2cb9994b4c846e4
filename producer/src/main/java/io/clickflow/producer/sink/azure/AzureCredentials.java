package io.clickflow.producer.sink.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;

/** Microsoft Entra ID credentials for the storage sinks. Account keys are never used. */
final class AzureCredentials {

  private AzureCredentials() {}

  /**
   * A user-assigned managed identity when its client id is given; otherwise the default chain
   * (environment, workload identity, system-assigned managed identity, Azure CLI, ...), which
   * covers both a VM in Azure and a developer's laptop.
   */
  static TokenCredential forIdentity(String identityClientId) {
    return identityClientId == null
        ? new DefaultAzureCredentialBuilder().build()
        : new ManagedIdentityCredentialBuilder().clientId(identityClientId).build();
  }
}
