package io.clickflow.bundle.workspace;

import java.util.Optional;

/**
 * Opens a {@link JobsClient} with Databricks unified authentication: the environment, a profile
 * from the Databricks config file, or OIDC inside GitHub Actions. Credentials never pass through
 * clickflow's own options or files.
 */
@FunctionalInterface
public interface WorkspaceConnector {

  /**
   * @param profile the profile from {@code --profile}; empty lets the SDK choose
   *     (DATABRICKS_CONFIG_PROFILE, the environment, then the DEFAULT profile)
   * @throws WorkspaceException when no workspace or credentials can be configured
   */
  JobsClient connect(Optional<String> profile);
}
