package io.clickflow.pipeline.runtime;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.service.workspace.GetSecretResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The PII pepper kept in a Databricks secret scope, read through the Secrets API with Databricks
 * unified auth: on a cluster or serverless job the runtime's own identity, elsewhere the
 * environment or a profile. The value is decoded in memory only and never printed.
 */
public final class DatabricksSecretPepper {

  private DatabricksSecretPepper() {}

  /** Reads {@code scope/key} with the default unified-auth client. */
  public static Pseudonymiser read(String scope, String key) {
    requireName("--pepper-secret-scope", scope);
    requireName("--pepper-secret-key", key);
    WorkspaceClient client;
    try {
      client = new WorkspaceClient();
    } catch (DatabricksException e) {
      throw new IllegalStateException(
          "cannot reach Databricks to read the PII pepper (" + e.getMessage() + ")", e);
    }
    return read(client, scope, key);
  }

  public static Pseudonymiser read(WorkspaceClient client, String scope, String key) {
    GetSecretResponse secret;
    try {
      secret = client.secrets().getSecret(scope, key);
    } catch (DatabricksException e) {
      throw new IllegalStateException(
          "cannot read the PII pepper from Databricks secret "
              + scope
              + "/"
              + key
              + ": "
              + e.getMessage(),
          e);
    }
    if (secret == null || secret.getValue() == null) {
      throw new IllegalStateException(
          "Databricks secret " + scope + "/" + key + " has no value; put the pepper there first");
    }
    // The Secrets API returns the stored bytes base64-encoded.
    String pepper =
        new String(Base64.getDecoder().decode(secret.getValue()), StandardCharsets.UTF_8).strip();
    return new Pseudonymiser(pepper);
  }

  private static void requireName(String option, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(option + " must name the secret holding the PII pepper");
    }
  }
}
