package io.clickflow.bundle.control;

import java.util.Optional;
import picocli.CommandLine.Option;

/** How to reach the workspace. Credentials are never an option: the SDK finds them. */
public final class WorkspaceOptions {

  @Option(
      names = {"-p", "--profile"},
      paramLabel = "NAME",
      description =
          "Profile in the Databricks config file (~/.databrickscfg). Default: the SDK's choice"
              + " (DATABRICKS_CONFIG_PROFILE, the DATABRICKS_* environment, then DEFAULT).")
  String profile;

  public Optional<String> profile() {
    return Optional.ofNullable(profile).filter(p -> !p.isBlank());
  }
}
