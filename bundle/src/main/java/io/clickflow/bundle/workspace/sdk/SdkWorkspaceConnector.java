package io.clickflow.bundle.workspace.sdk;

import com.databricks.sdk.core.DatabricksConfig;
import io.clickflow.bundle.workspace.JobsClient;
import io.clickflow.bundle.workspace.WorkspaceConnector;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Connects through the SDK's default configuration chain (unified authentication). Nothing here
 * reads or stores a token: the SDK takes it from the environment, the Databricks config file
 * profile, or the GitHub Actions OIDC exchange.
 */
public final class SdkWorkspaceConnector implements WorkspaceConnector {
  private final Function<Optional<String>, DatabricksConfig> configs;

  /** The production connector: the SDK's defaults, with the profile when one is given. */
  public SdkWorkspaceConnector() {
    this(SdkWorkspaceConnector::defaultConfig);
  }

  /** For tests, which point the SDK at a local server. */
  public SdkWorkspaceConnector(Function<Optional<String>, DatabricksConfig> configs) {
    this.configs = Objects.requireNonNull(configs, "configs");
  }

  public static DatabricksConfig defaultConfig(Optional<String> profile) {
    DatabricksConfig config = new DatabricksConfig();
    profile.ifPresent(config::setProfile);
    return config;
  }

  @Override
  public JobsClient connect(Optional<String> profile) {
    return SdkJobsClient.connect(configs.apply(profile));
  }
}
