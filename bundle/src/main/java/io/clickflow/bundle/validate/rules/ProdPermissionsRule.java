package io.clickflow.bundle.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickflow.bundle.config.Bundle;
import io.clickflow.bundle.config.BundleFile;
import io.clickflow.bundle.config.Problem;
import io.clickflow.bundle.config.Targets;
import io.clickflow.bundle.config.Targets.Target;
import java.util.List;
import java.util.Optional;

/**
 * The {@code prod} target declares who may manage and view what it deploys. Without permissions a
 * prod job is visible only to its deployer, and nobody on call can see why it failed. Bundle-level
 * {@code permissions} count, since they apply to every target.
 */
public final class ProdPermissionsRule implements BundleRule {
  static final String PROD = "prod";

  @Override
  public List<Problem> check(Bundle bundle) {
    Optional<Target> prod = new Targets(bundle).get(PROD);
    if (prod.isEmpty()) {
      return List.of(
          Problem.error(
              Bundle.ROOT_FILE,
              "$.targets",
              "no 'prod' target — the deploy workflow deploys tags to prod"));
    }
    boolean bundleWide =
        bundle.files().stream()
            .map(BundleFile::root)
            .anyMatch(root -> hasPermissions(root.path("permissions")));
    if (bundleWide || hasPermissions(prod.get().node().path("permissions"))) {
      return List.of();
    }
    return List.of(
        Problem.error(
            prod.get().file().name(),
            prod.get().path(),
            "target 'prod' has no permissions — grant at least one group CAN_MANAGE so the team"
                + " can operate what prod deploys"));
  }

  private static boolean hasPermissions(JsonNode permissions) {
    return permissions.isArray() && !permissions.isEmpty();
  }
}
